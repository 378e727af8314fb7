import { describe, expect, it } from 'vitest';
import { expertViews, firstLine, huntTenants, huntingTimeRangeOf, keptRowsNote, runSummaries, sourceNote } from '@/entrypoints/hunt/hunt-views';
import { settingsSchema } from '@/utils/domain/settings';
import type { HuntRun } from '@/utils/hunting/hunt-model';

const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '9b2e1c4d-7a8f-4e3b-8c1d-2f6a5b4c3d21';

const tenants = huntTenants(
  settingsSchema.parse({
    tenants: [
      { tenantId: 'fabrikam.onmicrosoft.com', displayName: 'Fabrikam', service: 'xdr' },
      { tenantId: contoso.toUpperCase(), displayName: 'Contoso', service: 'xdr' },
      { tenantId: 'woodgrove.onmicrosoft.com', resolvedTenantId: fabrikam, displayName: 'Woodgrove', service: 'xdr' },
    ],
  }).tenants,
);

const run = (runId: string, startedAt: number, query: string): HuntRun => ({
  runId,
  query,
  timespan: 'P7D',
  startedAt,
  finishedAt: null,
  state: 'done',
  stoppedReason: null,
  source: null,
  tenants: [
    { tenantKey: 'a', tenantId: contoso, displayName: 'Contoso', outcome: { kind: 'done', rows: 3, truncated: false, ms: 10 } },
    { tenantKey: 'b', tenantId: fabrikam, displayName: 'Fabrikam', outcome: { kind: 'needsConsent', message: 'no' } },
    { tenantKey: 'c', tenantId: fabrikam, displayName: 'Woodgrove', outcome: { kind: 'done', rows: 1_000, truncated: false, ms: 10 } },
  ],
});

describe('hunt views', () => {
  it('lists the tenants by name with their GUID when known', () => {
    expect(tenants).toEqual([
      { key: contoso, name: 'Contoso', tenantId: contoso },
      { key: 'fabrikam.onmicrosoft.com', name: 'Fabrikam', tenantId: null },
      { key: fabrikam, name: 'Woodgrove', tenantId: fabrikam },
    ]);
  });

  it('maps the time spans to Advanced hunting’s ranges', () => {
    expect(huntingTimeRangeOf).toEqual({ P1D: 'day', P7D: 'week', P30D: 'month' });
  });

  it('summarises the last ten runs, newest first, by the query’s first line', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    const runs = Array.from({ length: 12 }, (_, index) => run(`r${index}`, now - index * 3_600_000, `\n  // run ${index}\nDeviceEvents`));
    const shown = runSummaries([...runs].reverse(), now);
    expect(shown).toHaveLength(10);
    expect(shown[0]).toEqual({ runId: 'r0', title: '// run 0', when: 'just now', tenants: 3, rows: 1_003 });
    expect(shown[2]?.when).toBe('2 hours ago');
    expect(firstLine('')).toBe('');
  });

  it('names the tenant of an expert query and links its incident only with a GUID', () => {
    const base = { incidentId: '1024', index: 0, query: 'AlertInfo', incidentTitle: null, seenAt: 1 };
    const views = expertViews(
      [
        { ...base, tenantKey: contoso },
        { ...base, tenantKey: 'fabrikam.onmicrosoft.com' },
        { ...base, tenantKey: 'gone.example', index: 1 },
      ],
      tenants,
    );
    expect(views.map((view) => [view.key, view.tenantName, view.incidentLink])).toEqual([
      [`${contoso}|1024|0`, 'Contoso', `https://security.microsoft.com/incident2/1024/overview?tid=${contoso}`],
      ['fabrikam.onmicrosoft.com|1024|0', 'Fabrikam', null],
      ['gone.example|1024|1', 'gone.example', null],
    ]);
    expect(sourceNote('1024', 'Contoso')).toBe('From incident 1024 in Contoso');
  });

  it('says which tenants’ rows the run did not keep in full, naming five at most', () => {
    const shown = run('r1', 1, 'DeviceEvents');
    const whole = (tenantKey: string) => ({ tenantKey, keptRows: 10, answeredRows: 10 });
    expect(keptRowsNote(shown, [], 1_000_000)).toBeNull();
    expect(keptRowsNote(shown, [whole('a'), whole('c')], 1_000_000)).toBeNull();
    // A tenant no longer in the run is not named.
    expect(keptRowsNote(shown, [{ tenantKey: 'gone', keptRows: 0, answeredRows: 5 }], 1_000_000)).toBeNull();
    expect(keptRowsNote(shown, [whole('a'), { tenantKey: 'c', keptRows: 1_500, answeredRows: 100_000 }], 1_000_000)).toBe(
      'Handoff keeps at most 1,000,000 rows of a run, so it kept only part of the rows of one tenant (Woodgrove 1,500 of 100,000). ' +
        'Show rows and Export CSV have the rows kept; Open in Advanced hunting shows them all.',
    );
    const many = { ...shown, tenants: Array.from({ length: 7 }, (_, at) => ({ ...shown.tenants[0]!, tenantKey: `t${at}`, displayName: `T${at}` })) };
    const note = keptRowsNote(many, many.tenants.map((tenant) => ({ tenantKey: tenant.tenantKey, keptRows: 0, answeredRows: 3 })), 10);
    expect(note).toContain('at most 10 rows of a run, so it kept only part of the rows of 7 tenants (T0 0 of 3; T1 0 of 3; T2 0 of 3; T3 0 of 3; T4 0 of 3; 2 more).');
  });
});
