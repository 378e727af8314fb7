import { describe, expect, it } from 'vitest';
import { GraphRequestError } from '@/utils/domain/graph-request-error';
import { tenantConfigSchema } from '@/utils/domain/settings';
import { maxIncidentPageSize, type IncidentLister, type IncidentReconcileReads } from '@/utils/sync/graph-reads';
import { openIncidentsFilter } from '@/utils/sync/incident-filters';
import { pollTenant } from '@/utils/sync/poll-tenant';
import {
  defaultReconcileIntervalMs,
  reconcileAfterPoll,
  reconcileTenant,
  reconciliationDue,
} from '@/utils/sync/reconcile-tenant';
import type { TenantCache } from '@/utils/sync/tenant-cache';
import { CONTOSO_TENANT_ID, demoTenants } from '../../fixtures/demo-tenants';

const firstSyncAt = new Date('2026-11-27T12:00:00Z');
const later = new Date('2026-11-27T13:30:00Z');
const tenant = tenantConfigSchema.parse({ tenantId: CONTOSO_TENANT_ID, displayName: 'Contoso', service: 'xdr' });
const demo = demoTenants(new Date('2026-11-27T11:00:00Z')).customers[0]!.incidents as unknown as Array<Record<string, unknown>>;

/**
 * Graph as the reconciliation sees it, in memory: lists hide `redirected` incidents (as a delegated list
 * may), pages of 50, reads by id answer 404 for an incident it no longer has. Every request is counted.
 */
function stubGraph(incidents: Array<Record<string, unknown>>, faults: { list?: Error; read?: Error } = {}) {
  const byId = new Map(incidents.map((incident) => [String(incident['id']), structuredClone(incident)]));
  const requests: string[] = [];
  const graph: IncidentLister & IncidentReconcileReads = {
    async *listIncidents() {
      requests.push('list changes');
      yield [];
    },
    async *listIncidentIds({ filter }) {
      expect(filter).toBe(openIncidentsFilter);
      const open = [...byId.values()].filter((incident) => incident['status'] !== 'resolved' && incident['status'] !== 'redirected');
      let offset = 0;
      do {
        requests.push('list ids');
        if (faults.list) throw faults.list;
        const page = open.slice(offset, offset + maxIncidentPageSize);
        yield page.map(({ id, status, lastUpdateDateTime }) => ({ id, status, lastUpdateDateTime }));
        offset += maxIncidentPageSize;
      } while (offset < open.length);
    },
    async getIncident(id) {
      requests.push(`read ${id}`);
      if (faults.read) throw faults.read;
      const incident = byId.get(id);
      if (!incident) throw new GraphRequestError({ status: 404, code: 'NotFound', message: `Incident ${id} was not found.` });
      return structuredClone(incident);
    },
  };
  return { graph, byId, requests };
}

async function firstSync(incidents = demo): Promise<TenantCache> {
  const lister = { async *listIncidents() { yield structuredClone(incidents) as unknown[]; } };
  return (await pollTenant({ tenant, previous: null, graph: lister, now: firstSyncAt })).cache;
}

const openIds = (cache: TenantCache) =>
  Object.values(cache.incidents)
    .filter((entry) => entry.incident.status !== 'resolved' && entry.incident.status !== 'redirected')
    .map((entry) => entry.incident.id)
    .sort();

describe('reconcileTenant', () => {
  it('drops a merged incident Graph stopped listing, and reads the incident it was merged into', async () => {
    const cache = await firstSync();
    expect(cache.incidents['1002']?.handoff.partnerAction?.kind).toBe('act');
    const awaitingBefore = cache.summary.awaitingYou;
    // 1002 merged into a new incident 1100 (which the watermark poll has not seen yet): lists hide 1002.
    const incidents = demo.map((incident) =>
      incident['id'] === '1002' ? { ...incident, status: 'redirected', redirectIncidentId: '1100' } : incident,
    );
    incidents.push({ ...structuredClone(demo.find((incident) => incident['id'] === '1004')!), id: '1100', status: 'active' });
    const { graph, requests } = stubGraph(incidents);

    const result = await reconcileTenant({ tenant, cache, graph, now: later });

    expect(result.error).toBeUndefined();
    expect(requests).toEqual(['list ids', 'read 1002', 'read 1100']);
    expect(result.requests).toBe(3);
    expect(result.cache.incidents['1002']).toBeUndefined();
    expect(result.cache.incidents['1100']?.incident.status).toBe('active');
    expect(result.dropped).toEqual(['1002']);
    expect(result.updated).toEqual(['1100']);
    expect(result.cache.summary.awaitingYou).toBe(awaitingBefore - 1);
    expect(result.cache.lastReconciledAt).toBe(later.toISOString());
  });

  it('does not read a redirect target the cache already holds as listed', async () => {
    const cache = await firstSync();
    const incidents = demo.map((incident) =>
      incident['id'] === '1009' ? { ...incident, status: 'redirected', redirectIncidentId: '1001' } : incident,
    );
    const { graph, requests } = stubGraph(incidents);
    const result = await reconcileTenant({ tenant, cache, graph, now: later });
    expect(requests).toEqual(['list ids', 'read 1009']);
    expect(result.cache.incidents['1009']).toBeUndefined();
    expect(result.cache.incidents['1001']).toEqual(cache.incidents['1001']);
  });

  it('drops an incident Graph answers 404 for, and updates one it lists no more because it was resolved', async () => {
    const cache = await firstSync();
    const incidents = demo
      .filter((incident) => incident['id'] !== '1003')
      .map((incident) => (incident['id'] === '1010' ? { ...incident, status: 'resolved', classification: 'truePositive' } : incident));
    const { graph, requests } = stubGraph(incidents);
    const result = await reconcileTenant({ tenant, cache, graph, now: later });
    expect(requests).toEqual(['list ids', 'read 1003', 'read 1010']);
    expect(result.cache.incidents['1003']).toBeUndefined();
    expect(result.cache.incidents['1010']?.incident.status).toBe('resolved');
    expect(result.dropped).toEqual(['1003']);
    expect(openIds(result.cache)).not.toContain('1010');
    expect(result.cache.summary.total).toBe(Object.keys(result.cache.incidents).length);
  });

  it('reads only the id list when nothing is missing, and changes nothing but the time it ran', async () => {
    const cache = await firstSync();
    const { graph, requests } = stubGraph(demo);
    const result = await reconcileTenant({ tenant, cache, graph, now: later });
    expect(requests).toEqual(['list ids']);
    expect(result.cache).toEqual({ ...cache, lastReconciledAt: later.toISOString() });
  });

  it('stays within ceil(open / 50) + missing requests', async () => {
    const template = demo.find((incident) => incident['id'] === '1004')!;
    const many = Array.from({ length: 120 }, (_, index) => ({ ...structuredClone(template), id: String(5000 + index) }));
    const cache = await firstSync(many);
    expect(openIds(cache)).toHaveLength(120);
    const gone = new Set(['5003', '5040', '5111']);
    const merged = '5077';
    const remaining = many
      .filter((incident) => !gone.has(String(incident['id'])))
      .map((incident) => (incident['id'] === merged ? { ...incident, status: 'redirected', redirectIncidentId: '5001' } : incident));
    const { graph, requests } = stubGraph(remaining);
    const result = await reconcileTenant({ tenant, cache, graph, now: later });
    const open = 120 - gone.size - 1;
    const missing = gone.size + 1;
    expect(result.requests).toBe(Math.ceil(open / 50) + missing);
    expect(requests.filter((request) => request === 'list ids')).toHaveLength(Math.ceil(open / 50));
    expect(openIds(result.cache)).toHaveLength(open);
  });

  it('a failed reconciliation keeps every cached incident and reports the failure as a poll would', async () => {
    const cache = await firstSync();
    const throttled = new GraphRequestError({ status: 429, code: 'TooManyRequests', message: 'slow down', retryAfterSeconds: 120 });
    for (const faults of [{ list: throttled }, { read: new GraphRequestError({ status: 500, code: 'InternalServerError', message: 'boom' }) }]) {
      const { graph } = stubGraph(demo.filter((incident) => incident['id'] !== '1002'), faults);
      const result = await reconcileTenant({ tenant, cache, graph, now: later });
      expect(result.error).toBeDefined();
      expect(result.cache.incidents).toEqual(cache.incidents);
      expect(result.cache.summary).toEqual(cache.summary);
      expect(result.cache.lastReconciledAt).toBe(cache.lastReconciledAt);
      expect(result.cache.lastSuccessAt).toBe(cache.lastSuccessAt);
      expect(result.cache.watermark).toBe(cache.watermark);
    }
    const { graph } = stubGraph([], { list: throttled });
    const { cache: failed } = await reconcileTenant({ tenant, cache, graph, now: later });
    expect(failed.status).toMatchObject({ state: 'throttled', retryAt: new Date(later.getTime() + 120_000).toISOString() });
  });
});

describe('reconcileAfterPoll', () => {
  const hour = defaultReconcileIntervalMs;

  async function round(previous: TenantCache, graph: IncidentLister & IncidentReconcileReads, now: Date, force = false) {
    const polled = await pollTenant({ tenant, previous, graph, now });
    return reconcileAfterPoll({ tenant, previous, polled, graph, now, options: { intervalMs: hour, force } });
  }

  it('a first sync counts as a reconciliation and costs nothing more', async () => {
    const { graph, requests } = stubGraph(demo);
    const lister = { ...graph, async *listIncidents() { requests.push('list changes'); yield structuredClone(demo) as unknown[]; } };
    const polled = await pollTenant({ tenant, previous: null, graph: lister, now: firstSyncAt });
    const result = await reconcileAfterPoll({ tenant, previous: null, polled, graph: lister, now: firstSyncAt, options: {} });
    expect(requests).toEqual(['list changes']);
    expect(result.cache.lastReconciledAt).toBe(firstSyncAt.toISOString());
  });

  it('not due: the poll is the only request; due: the merged incident leaves, and changes say so', async () => {
    const cache = { ...(await firstSync()), lastReconciledAt: firstSyncAt.toISOString() };
    const merged = demo.map((incident) =>
      incident['id'] === '1002' ? { ...incident, status: 'redirected', redirectIncidentId: '1001' } : incident,
    );
    const { graph, requests } = stubGraph(merged);

    const soon = await round(cache, graph, new Date(firstSyncAt.getTime() + hour - 1));
    expect(requests).toEqual(['list changes']);
    expect(soon.reconciliation).toBeUndefined();
    expect(soon.cache.incidents['1002']).toBeDefined();
    expect(reconciliationDue(soon.cache, new Date(firstSyncAt.getTime() + hour), hour)).toBe(true);

    requests.length = 0;
    const due = await round(soon.cache, graph, new Date(firstSyncAt.getTime() + hour));
    expect(requests).toEqual(['list changes', 'list ids', 'read 1002']);
    expect(due.cache.incidents['1002']).toBeUndefined();
    expect(due.changes.resolvedOrGone).toEqual(['1002']);
    expect(due.cache.lastReconciledAt).toBe(new Date(firstSyncAt.getTime() + hour).toISOString());

    requests.length = 0;
    const forced = await round(due.cache, graph, new Date(firstSyncAt.getTime() + hour + 1), true);
    expect(requests).toEqual(['list changes', 'list ids']);
    expect(Object.keys(forced.cache.incidents).sort()).toEqual(Object.keys(due.cache.incidents).sort());
  });

  it('a failed reconciliation keeps the poll\'s data, and the next round tries again', async () => {
    const cache = await firstSync();
    const { graph } = stubGraph(demo, { list: new GraphRequestError({ status: 500, code: 'InternalServerError', message: 'boom' }) });
    const result = await round(cache, graph, later);
    expect(result.cache.status.state).toBe('error');
    expect(result.cache.incidents).toEqual((await pollTenant({ tenant, previous: cache, graph, now: later })).cache.incidents);
    expect(result.cache.lastReconciledAt).toBeNull();
    expect(reconciliationDue({ ...result.cache, status: { state: 'ok', message: null, retryAt: null } }, later, hour)).toBe(true);
  });
});
