import { describe, expect, it } from 'vitest';
import { tenantConfigSchema } from '@/utils/domain/settings';
import { GraphRequestError } from '@/utils/domain/graph-request-error';
import type { IncidentLister, IncidentReconcileReads } from '@/utils/sync/graph-reads';
import { pollTenant } from '@/utils/sync/poll-tenant';
import { reconcileTenant } from '@/utils/sync/reconcile-tenant';
import { CONTOSO_TENANT_ID, demoTenants } from '../../fixtures/demo-tenants';

/**
 * Reviews marked done on this browser only (no write access: no Graph tag) stay done through the poll and
 * the reconciliation, which classify incidents again: the counts (badge, popup) keep them out.
 */

const firstSyncAt = new Date('2026-11-27T12:00:00Z');
const later = new Date('2026-11-27T13:30:00Z');
const tenant = tenantConfigSchema.parse({ tenantId: CONTOSO_TENANT_ID, displayName: 'Contoso', service: 'xdr' });
const demo = demoTenants(new Date('2026-11-27T11:00:00Z')).customers[0]!.incidents as unknown as Array<Record<string, unknown>>;
const lister = (incidents: unknown[]): IncidentLister => ({
  async *listIncidents() {
    yield structuredClone(incidents);
  },
});

describe('local review marks in the sync', () => {
  it('a poll classifies a locally reviewed review as reviewed, and only that one', async () => {
    const plain = (await pollTenant({ tenant, previous: null, graph: lister(demo), now: firstSyncAt })).cache;
    expect(plain.incidents['1006']?.handoff.partnerAction?.kind).toBe('review');
    expect(plain.incidents['1012']?.handoff.partnerAction?.kind).toBe('review');

    const asked: string[] = [];
    const reviewedLocally = (id: string) => {
      asked.push(id);
      return id === '1006';
    };
    const { cache } = await pollTenant({ tenant, previous: null, graph: lister(demo), now: firstSyncAt, reviewedLocally });
    expect(cache.incidents['1006']?.handoff).toMatchObject({ rule: 'closed', area: 'closed', owner: 'none', partnerAction: null });
    expect(cache.incidents['1012']?.handoff.partnerAction?.kind).toBe('review');
    expect(cache.summary.reviews).toBe(plain.summary.reviews - 1);
    expect(cache.summary.closed).toBe(plain.summary.closed + 1);
    expect(cache.summary.awaitingYou).toBe(plain.summary.awaitingYou);
    expect(asked).toContain('1006');
    // Any other handoff is left as the classifier made it, even when marked.
    const all = await pollTenant({ tenant, previous: null, graph: lister(demo), now: firstSyncAt, reviewedLocally: () => true });
    expect(all.cache.incidents['1002']?.handoff).toEqual(plain.incidents['1002']?.handoff);
    expect(all.cache.summary.reviews).toBe(0);
  });

  it('the reconciliation keeps the mark when it reads the incident again', async () => {
    // Cached while still open; Graph has it resolved now (the reconciliation reads it by id).
    const stillOpen = demo.map((incident) => (incident['id'] === '1006' ? { ...incident, status: 'active' } : incident));
    const cache = (await pollTenant({ tenant, previous: null, graph: lister(stillOpen), now: firstSyncAt })).cache;
    const byId = new Map(demo.map((incident) => [String(incident['id']), incident]));
    const graph: IncidentReconcileReads = {
      async *listIncidentIds() {
        yield demo
          .filter((incident) => incident['status'] !== 'resolved' && incident['status'] !== 'redirected')
          .map(({ id, status, lastUpdateDateTime }) => ({ id, status, lastUpdateDateTime }));
      },
      async getIncident(id) {
        const incident = byId.get(id);
        if (!incident) throw new GraphRequestError({ status: 404, code: 'NotFound', message: 'gone' });
        return structuredClone(incident);
      },
    };
    const marked = await reconcileTenant({ tenant, cache, graph, now: later, reviewedLocally: (id) => id === '1006' });
    expect(marked.updated).toContain('1006');
    expect(marked.cache.incidents['1006']?.handoff.partnerAction).toBeNull();
    const unmarked = await reconcileTenant({ tenant, cache, graph, now: later });
    expect(unmarked.cache.incidents['1006']?.handoff.partnerAction?.kind).toBe('review');
  });
});
