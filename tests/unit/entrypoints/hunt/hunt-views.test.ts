import { describe, expect, it } from 'vitest';
import { expertViews, firstLine, huntTenants, huntingTimeRangeOf, runSummaries, sourceNote } from '@/entrypoints/hunt/hunt-views';
import { draftIdOf } from '@/entrypoints/hunt/use-hunt-setup';
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

  it('reads a draft id from the hash, nothing else', () => {
    expect(draftIdOf(`#draft=${contoso.toUpperCase()}`)).toBe(contoso);
    expect(draftIdOf('#draft=1')).toBeNull();
    expect(draftIdOf(`#draft=${contoso}&x=1`)).toBeNull();
    expect(draftIdOf('')).toBeNull();
  });
});
