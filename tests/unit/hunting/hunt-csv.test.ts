import { describe, expect, it } from 'vitest';
import { huntRunToCsv } from '@/utils/hunting/hunt-csv';
import type { HuntRun, HuntTenantRows } from '@/utils/hunting/hunt-model';

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

describe('huntRunToCsv', () => {
  it('writes Tenant, Tenant ID and the union of the columns in first-seen order, one line per row, CRLF', () => {
    const rows: HuntTenantRows[] = [
      {
        runId: 'r1',
        tenantKey: 'fabrikam',
        columns: [
          { name: 'Device', type: 'String' },
          { name: 'Extra', type: 'Dynamic' },
        ],
        rows: [{ Device: '-pc', Extra: { a: [1, 'x'] }, Stray: true }],
      },
      {
        runId: 'r1',
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
      },
      { runId: 'other-run', tenantKey: 'contoso', columns: [{ name: 'Ignored', type: 'String' }], rows: [{ Ignored: 'x' }] },
    ];
    expect(huntRunToCsv(run, rows)).toBe(
      [
        '"Tenant","Tenant ID","Time","Device","Count","Extra","Stray"',
        '"Contoso","c-id","2026-12-01","pc ""1""","3","",""',
        '"Contoso","c-id","","","false","",""',
        `"'=Fabrikam ""Ltd""","f-id","","'-pc","","{""a"":[1,""x""]}","true"`,
        '',
      ].join('\r\n'),
    );
  });

  it('neutralises formulas in column names and values, and writes only the header without rows', () => {
    const rows: HuntTenantRows[] = [{ runId: 'r1', tenantKey: 'contoso', columns: [{ name: '@cmd', type: 'String' }], rows: [{ '@cmd': '=1+1' }] }];
    expect(huntRunToCsv(run, rows)).toBe(`"Tenant","Tenant ID","'@cmd"\r\n"Contoso","c-id","'=1+1"\r\n`);
    expect(huntRunToCsv(run, [])).toBe('"Tenant","Tenant ID"\r\n');
  });
});
