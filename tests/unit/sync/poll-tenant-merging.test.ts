// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { tenantConfigSchema, type TenantConfig } from '@/utils/domain/settings';
import type { CachedIncident } from '@/utils/sync/cached-incident';
import { firstSyncFilter } from '@/utils/sync/incident-filters';
import { classificationKey, pollTenant } from '@/utils/sync/poll-tenant';
import { canPollFromRecord, pollTenantFromRecord } from '@/utils/sync/poll-tenant-from-record';
import { parseErrorLimit, type TenantCache } from '@/utils/sync/tenant-cache';
import { syncRecordOf } from '@/utils/sync/tenant-cache-diff';
import { CONTOSO_TENANT_ID, demoTenants, FABRIKAM_TENANT_ID } from '../../fixtures/demo-tenants';

/** pollTenant's merge of Graph's pages into the cache, Graph stubbed: the edges poll-tenant.test.ts leaves. */

const contoso = tenantConfigSchema.parse({ tenantId: CONTOSO_TENANT_ID, displayName: 'Contoso', service: 'xdr' });
const now = new Date('2026-11-27T12:00:00Z');
const day = 24 * 3600_000;
const raw = demoTenants(new Date('2026-11-27T11:00:00Z')).customers[0]!.incidents;
const byId = (id: string) => structuredClone(raw.find((incident) => incident.id === id)!);
const stub = (...pages: unknown[][]) => {
  const queries: unknown[] = [];
  return {
    queries,
    async *listIncidents(query: unknown) {
      queries.push(query);
      for (const page of pages) yield page;
    },
  };
};

describe('pollTenant merging', () => {
  it('keeps the newest version of an incident seen on two pages, whichever page comes first', async () => {
    const older = { ...byId('1004'), status: 'active', lastUpdateDateTime: '2026-11-27T10:00:00Z' };
    const newer = { ...byId('1004'), status: 'awaitingAction', lastUpdateDateTime: '2026-11-27T10:05:00Z' };
    const { cache } = await pollTenant({ tenant: contoso, previous: null, graph: stub([older], [newer]), now });
    expect(cache.incidents['1004']?.incident.status).toBe('awaitingAction');
    expect(cache.incidents['1004']?.incident.lastUpdateDateTime).toBe('2026-11-27T10:05:00Z');
  });

  it('asks Graph with the page size and abort signal it is given', async () => {
    const graph = stub([]);
    const signal = new AbortController().signal;
    await pollTenant({ tenant: contoso, previous: null, graph, now, pageSize: 25, signal });
    expect(graph.queries).toEqual([{ filter: firstSyncFilter(now, 30), top: 25, signal }]);
  });

  it('reports a malformed incident once when Graph sends it malformed again', async () => {
    const broken = { ...byId('1004'), status: 42 };
    const first = await pollTenant({ tenant: contoso, previous: null, graph: stub([broken]), now });
    const again = await pollTenant({ tenant: contoso, previous: first.cache, graph: stub([broken]), now });
    expect(again.cache.parseErrors.map((error) => error.id)).toEqual(['1004']);
  });

  it('does not carry an error about an item without an id into the next poll (it cannot be matched again)', async () => {
    const first = await pollTenant({ tenant: contoso, previous: null, graph: stub([{ status: 'active' }, byId('1001')]), now });
    expect(first.cache.parseErrors).toHaveLength(1);
    expect(first.cache.parseErrors[0]?.id).toBeUndefined();
    const next = await pollTenant({ tenant: contoso, previous: first.cache, graph: stub([]), now });
    expect(next.cache.parseErrors).toEqual([]);
  });

  it('counts an incident merged into another (redirected) as gone, like a resolved one', async () => {
    const first = await pollTenant({ tenant: contoso, previous: null, graph: stub([byId('1002')]), now });
    expect(first.cache.incidents['1002']?.incident.status).not.toBe('redirected');
    const merged = { ...byId('1002'), status: 'redirected', redirectIncidentId: '1001', lastUpdateDateTime: '2026-11-27T11:30:00Z' };
    const next = await pollTenant({ tenant: contoso, previous: first.cache, graph: stub([merged]), now });
    expect(next.changes.resolvedOrGone).toEqual(['1002']);
  });

  it('keeps a resolved incident updated exactly at the window’s start, drops one a second older', async () => {
    const edge = new Date(now.getTime() - 30 * day).toISOString();
    const older = new Date(now.getTime() - 30 * day - 1000).toISOString();
    const atEdge = { ...byId('1002'), status: 'resolved', lastUpdateDateTime: edge };
    const beyond = { ...byId('1001'), status: 'resolved', lastUpdateDateTime: older };
    const { cache } = await pollTenant({ tenant: contoso, previous: null, graph: stub([atEdge, beyond]), now });
    expect(Object.keys(cache.incidents)).toEqual(['1002']);
  });

  it('keeps the tenant’s GUID from its settings when no incident names it', async () => {
    const byDomain = tenantConfigSchema.parse({
      tenantId: 'contoso.onmicrosoft.com',
      resolvedTenantId: CONTOSO_TENANT_ID,
      displayName: 'Contoso',
      service: 'xdr',
    });
    const { cache } = await pollTenant({ tenant: byDomain, previous: null, graph: stub([]), now });
    expect(cache.resolvedTenantId).toBe(CONTOSO_TENANT_ID);
  });

  it('lists the newly actionable incidents newest step first', async () => {
    const { changes } = await pollTenant({ tenant: contoso, previous: null, graph: stub(raw.map((incident) => structuredClone(incident))), now });
    const steps = changes.newlyActionable.map((entry) => [entry.incident.id, Date.parse(entry.handoff.stepSince)] as const);
    expect(steps.length).toBeGreaterThanOrEqual(3);
    const newestFirst = [...steps].sort((a, b) => b[1] - a[1]);
    expect(steps).toEqual(newestFirst);
    // Not merely the incidents' own order: the ids ascending would be another order.
    expect(steps.map(([id]) => id)).not.toEqual(steps.map(([id]) => id).sort());
  });

  it('keeps at most the parse error limit', async () => {
    const broken = Array.from({ length: parseErrorLimit + 5 }, (_, index) => ({ ...byId('1004'), id: `9${index}`, status: 42 }));
    const { cache } = await pollTenant({ tenant: contoso, previous: null, graph: stub(broken), now });
    expect(cache.parseErrors).toHaveLength(parseErrorLimit);
  });

  it('learns the tenant’s GUID from the first incident that names a usable one', async () => {
    const byDomain = tenantConfigSchema.parse({ tenantId: 'contoso.onmicrosoft.com', displayName: 'Contoso', service: 'xdr' });
    const unnamed = { ...byId('1001'), tenantId: null };
    const { cache } = await pollTenant({ tenant: byDomain, previous: null, graph: stub([unnamed, byId('1002')]), now });
    expect(cache.resolvedTenantId).toBe(CONTOSO_TENANT_ID);
  });

  it('moves the watermark to the latest update even when some incident has none', async () => {
    const undated = { ...byId('1001'), lastUpdateDateTime: null };
    const dated = { ...byId('1002'), lastUpdateDateTime: '2026-11-27T11:40:00Z' };
    const { cache } = await pollTenant({ tenant: contoso, previous: null, graph: stub([dated, undated]), now });
    expect(cache.watermark).toBe('2026-11-27T11:40:00.000Z');
  });

  it('never moves the watermark back when the overlap re-reads older updates', async () => {
    const first = await pollTenant({ tenant: contoso, previous: null, graph: stub([{ ...byId('1002'), lastUpdateDateTime: '2026-11-27T11:50:00Z' }]), now });
    expect(first.cache.watermark).toBe('2026-11-27T11:50:00.000Z');
    const reread = { ...byId('1004'), lastUpdateDateTime: '2026-11-27T11:49:00Z' };
    const next = await pollTenant({ tenant: contoso, previous: first.cache, graph: stub([reread]), now });
    expect(next.cache.watermark).toBe('2026-11-27T11:50:00.000Z');
  });
});

describe('what the handoffs were classified with (classificationKey)', () => {
  const aliases = { defenderExperts: ['Defender Experts'], customer: ['Customer'] };

  it('is the same for the same service and aliases', () => {
    expect(classificationKey('xdr', aliases)).toBe(classificationKey('xdr', structuredClone(aliases)));
    expect(classificationKey('xdr', undefined)).toBe(classificationKey('xdr', undefined));
  });

  it('differs when the service or the aliases differ', () => {
    const keys = [
      classificationKey('xdr', undefined),
      classificationKey('hunting', undefined),
      classificationKey('xdr', aliases),
      classificationKey('xdr', { ...aliases, customer: ['Customer', 'Contoso SOC'] }),
      classificationKey('xdr', { ...aliases, customer: ['Customer', 'Contoso SOD'] }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('canPollFromRecord', () => {
  // As the settings hold a tenant after its first round (sync-runner.ts remembers its GUID).
  const remembered = { ...contoso, resolvedTenantId: CONTOSO_TENANT_ID };
  const synced = async (tenant: TenantConfig = remembered, pages: unknown[][] = [[byId('1002')]]) =>
    (await pollTenant({ tenant, previous: null, graph: stub(...pages), now })).cache;

  it('allows a tenant synced with today’s classification and no closed incident due to leave', async () => {
    const cache = await synced();
    expect(cache.expiresAt).toBeNull();
    expect(canPollFromRecord(syncRecordOf(cache), { tenant: remembered, now })).toBe(true);
  });

  it('refuses a tenant never synced, one classified otherwise, or a record of an older version', async () => {
    const cache = await synced();
    expect(canPollFromRecord({ ...syncRecordOf(cache), lastSuccessAt: null }, { tenant: remembered, now })).toBe(false);
    const hunting = { ...remembered, service: 'hunting' as const };
    expect(canPollFromRecord(syncRecordOf(cache), { tenant: hunting, now })).toBe(false);
    const older = { ...syncRecordOf(cache) } as Record<string, unknown>;
    delete older['expiresAt'];
    expect(canPollFromRecord(older as never, { tenant: remembered, now })).toBe(false);
  });

  it('refuses once a kept closed incident is due to leave the window', async () => {
    const closed = { ...byId('1001'), status: 'resolved', lastUpdateDateTime: '2026-11-20T12:00:00Z' };
    const cache = await synced(remembered, [[closed]]);
    expect(cache.expiresAt).toBe('2026-12-20T12:00:00.000Z');
    expect(canPollFromRecord(syncRecordOf(cache), { tenant: remembered, now })).toBe(true);
    expect(canPollFromRecord(syncRecordOf(cache), { tenant: remembered, now: new Date('2026-12-20T12:00:00Z') })).toBe(false);
  });

  it('refuses while a GUID learned from the incidents is still to be remembered in the settings', async () => {
    const byDomain = tenantConfigSchema.parse({ tenantId: 'fabrikam.onmicrosoft.com', displayName: 'Fabrikam', service: 'xdr' });
    const learned = await synced(byDomain, [[{ ...byId('1002'), tenantId: FABRIKAM_TENANT_ID }]]);
    expect(canPollFromRecord(syncRecordOf(learned), { tenant: byDomain, now })).toBe(false);
    const unnamed = await synced(byDomain, [[{ ...byId('1002'), tenantId: null }]]);
    expect(unnamed.resolvedTenantId).toBeNull();
    expect(canPollFromRecord(syncRecordOf(unnamed), { tenant: byDomain, now })).toBe(true);
  });
});

describe('pollTenantFromRecord, Graph stubbed', () => {
  const remembered = { ...contoso, resolvedTenantId: CONTOSO_TENANT_ID };
  const later = new Date(now.getTime() + 10 * 60_000);
  const stored = async () => (await pollTenant({ tenant: remembered, previous: null, graph: stub([byId('1002'), byId('1004')]), now })).cache;
  let entriesRead: string[][] = [];
  const fromRecord = (cache: TenantCache, graph: Parameters<typeof pollTenant>[0]['graph'], readCache: () => Promise<TenantCache | null> = async () => cache) => {
    entriesRead = [];
    return pollTenantFromRecord({
      tenant: remembered,
      now: later,
      graph,
      record: syncRecordOf(cache),
      readEntries: async (ids) => {
        entriesRead.push([...ids]);
        return Object.fromEntries(ids.flatMap((id) => (cache.incidents[id] ? [[id, cache.incidents[id]] as [string, CachedIncident]] : [])));
      },
      readCache,
    });
  };
  const unchanged = { firstSync: false, newlyActionable: [], resolvedOrGone: [] };

  it('nothing new: the record moves on, no stored incident is read, and it is no first sync', async () => {
    const result = await fromRecord(await stored(), stub([]));
    expect(result.kind).toBe('record');
    expect(entriesRead).toEqual([]);
    expect(result.changes).toEqual(unchanged);
  });

  it('Graph failing: the failure on the record, and it is no first sync', async () => {
    const failing = {
      async *listIncidents(): AsyncGenerator<unknown[]> {
        throw new Error('socket hang up');
      },
    };
    const result = await fromRecord(await stored(), failing);
    expect(result.kind).toBe('record');
    if (result.kind !== 'record') return;
    expect(result.record.status.state).not.toBe('ok');
    expect(result.changes).toEqual(unchanged);
  });

  it('an incident Graph lists that the store does not hold: the full merge, with it', async () => {
    const cache = await stored();
    const result = await fromRecord(cache, stub([byId('1001')]));
    expect(result.kind).toBe('cache');
    expect(result.kind === 'cache' && Object.keys(result.cache.incidents).sort()).toEqual(['1001', '1002', '1004']);
  });

  it('a stored cache gone meanwhile: a full poll from nothing, a first sync', async () => {
    const cache = await stored();
    const changed = { ...byId('1002'), status: 'resolved', lastUpdateDateTime: '2026-11-27T11:59:00Z' };
    const result = await fromRecord(cache, stub([changed]), async () => null);
    if (result.kind !== 'cache') throw new Error('expected the full poll');
    expect(result.previous).toBeNull();
    expect(result.changes.firstSync).toBe(true);
    expect(Object.keys(result.cache.incidents)).toEqual(['1002']);
  });
});
