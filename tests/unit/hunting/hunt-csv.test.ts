import { describe, expect, it } from 'vitest';
import { huntCsvHeader, huntCsvLines, huntCsvNames, type HuntCsvChunk } from '@/utils/hunting/hunt-csv';
import type { HuntRun } from '@/utils/hunting/hunt-model';

const run: HuntRun = {
  runId: 'r1',
  query: 'DeviceEvents',
  timespan: 'P7D',
  startedAt: 0,
  finishedAt: 1,
  state: 'done',
  stoppedReason: null,
  source: null,
  tenants: [
    { tenantKey: 'contoso', tenantId: 'c-id', displayName: 'Contoso', outcome: { kind: 'done', rows: 2, truncated: false, ms: 1 } },
    { tenantKey: 'fabrikam', tenantId: 'f-id', displayName: '=Fabrikam "Ltd"', outcome: { kind: 'done', rows: 1, truncated: false, ms: 1 } },
    { tenantKey: 'none', tenantId: 'n-id', displayName: 'None', outcome: { kind: 'missingRole', message: 'r' } },
  ],
};

const contosoHead: HuntCsvChunk = {
  tenantKey: 'contoso',
  columns: [
    { name: 'Time', type: 'DateTime' },
    { name: 'Device', type: 'String' },
    { name: 'Count', type: 'Int64' },
  ],
  rows: [
    { Time: '2026-12-01', Device: 'pc "1"', Count: 3 },
    { Time: null, Device: undefined, Count: false },
  ],
};
const fabrikamHead: HuntCsvChunk = {
  tenantKey: 'fabrikam',
  columns: [
    { name: 'Device', type: 'String' },
    { name: 'Extra', type: 'Dynamic' },
  ],
  rows: [{ Device: '-pc', Extra: { a: [1, 'x'] }, Stray: true }],
};

/** The parts as the page joins them: the header once, then one string per chunk. */
function csvOf(heads: readonly HuntCsvChunk[], chunks: readonly HuntCsvChunk[] = heads): string {
  const names = heads.reduce<string[]>((known, head) => huntCsvNames(known, head), []);
  return [huntCsvHeader(names), ...chunks.map((chunk) => huntCsvLines(run, names, chunk))].join('');
}

describe('the hunt CSV, in parts', () => {
  it('writes Tenant, Tenant ID and the union of the columns in first-seen order, one line per row, CRLF', () => {
    expect(csvOf([contosoHead, fabrikamHead])).toBe(
      [
        '"Tenant","Tenant ID","Time","Device","Count","Extra","Stray"',
        '"Contoso","c-id","2026-12-01","pc ""1""","3","",""',
        '"Contoso","c-id","","","false","",""',
        `"'=Fabrikam ""Ltd""","f-id","","'-pc","","{""a"":[1,""x""]}","true"`,
        '',
      ].join('\r\n'),
    );
  });

  it('collects each name once: a tenant’s columns, then members of its rows no column names', () => {
    expect(huntCsvNames([], fabrikamHead)).toEqual(['Device', 'Extra', 'Stray']);
    expect(huntCsvNames(['Device', 'Extra', 'Stray'], contosoHead)).toEqual(['Device', 'Extra', 'Stray', 'Time', 'Count']);
    expect(huntCsvNames(['A'], { tenantKey: 'x', columns: [], rows: [] })).toEqual(['A']);
  });

  it('writes the lines of later chunks under the same columns, and nothing for a tenant the run does not list', () => {
    const later: HuntCsvChunk = { tenantKey: 'contoso', columns: [], rows: [{ Device: 'pc-9', Time: 't', Unnamed: 'dropped' }] };
    expect(huntCsvLines(run, ['Time', 'Device'], later)).toBe('"Contoso","c-id","t","pc-9"\r\n');
    expect(huntCsvLines(run, ['Time'], { tenantKey: 'elsewhere', columns: [], rows: [{ Time: 't' }] })).toBe('');
    expect(huntCsvLines(run, ['Time'], { tenantKey: 'contoso', columns: [], rows: [] })).toBe('');
  });

  it('neutralises formulas in column names, names and text, also after spaces, and writes only the header without rows', () => {
    const head: HuntCsvChunk = { tenantKey: 'contoso', columns: [{ name: '@cmd', type: 'String' }], rows: [{ '@cmd': '=1+1' }, { '@cmd': '  +SUM(A1)' }] };
    expect(csvOf([head])).toBe(`"Tenant","Tenant ID","'@cmd"\r\n"Contoso","c-id","'=1+1"\r\n"Contoso","c-id","'  +SUM(A1)"\r\n`);
    expect(csvOf([])).toBe('"Tenant","Tenant ID"\r\n');
  });

  it('writes numbers and booleans as they are, with no formula guard; a string that looks like one is guarded', () => {
    const head: HuntCsvChunk = {
      tenantKey: 'contoso',
      columns: [
        { name: 'N', type: 'Int64' },
        { name: 'R', type: 'Double' },
        { name: 'B', type: 'Boolean' },
        { name: 'S', type: 'String' },
        { name: 'Big', type: 'Int64' },
      ],
      rows: [{ N: -5, R: -0.25, B: true, S: '-5', Big: -9007199254740993n }],
    };
    expect(huntCsvLines(run, ['N', 'R', 'B', 'S', 'Big'], head)).toBe(`"Contoso","c-id","-5","-0.25","true","'-5","-9007199254740993"\r\n`);
  });
});
