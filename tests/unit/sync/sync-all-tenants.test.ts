// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGraphClient } from '@/utils/graph/graph-client';
import { tenantConfigSchema, type TenantConfig } from '@/utils/domain/settings';
import { mapWithConcurrency } from '@/utils/sync/map-with-concurrency';
import { syncAllTenants, type TenantCacheStore } from '@/utils/sync/sync-all-tenants';
import { startFakeMicrosoftCloud, type FakeMicrosoftCloud } from '../../fakes/fake-microsoft-cloud';
import {
  CONTOSO_TENANT_ID,
  DEMO_ANALYST,
  DEMO_CLIENT_ID,
  demoTenants,
  FABRIKAM_TENANT_ID,
  NORTHWIND_TENANT_ID,
} from '../../fixtures/demo-tenants';
import { fakeCloudFetch, type NodeFetch } from '../../support/fake-cloud-fetch';
import { fakeCloudTokens, signInToFakeCloud, type FakeCloudTokens } from '../../support/fake-cloud-tokens';
import { MemoryTenantCacheStore } from '../../support/memory-tenant-cache-store';
import type { TenantCache } from '@/utils/sync/tenant-cache';
import { syncRecordOf, type TenantSyncRecord } from '@/utils/sync/tenant-cache-diff';

let cloud: FakeMicrosoftCloud;
let fetch: NodeFetch & { close(): void };
let tokens: FakeCloudTokens;

const tenants: TenantConfig[] = [
  tenantConfigSchema.parse({ tenantId: CONTOSO_TENANT_ID, displayName: 'Contoso', service: 'xdr' }),
  tenantConfigSchema.parse({ tenantId: FABRIKAM_TENANT_ID, displayName: 'Fabrikam', service: 'hunting' }),
  tenantConfigSchema.parse({ tenantId: NORTHWIND_TENANT_ID, displayName: 'Northwind', service: 'none' }),
];

const graphFor = (tenant: TenantConfig) =>
  createGraphClient(tokens.portsFor(tenant.tenantId), { retryDelaySeconds: 0, backoff: { baseMs: 5, maxMs: 20 } });

beforeAll(async () => {
  cloud = await startFakeMicrosoftCloud();
  fetch = fakeCloudFetch(cloud);
  const refreshToken = await signInToFakeCloud(fetch, { clientId: DEMO_CLIENT_ID, upn: DEMO_ANALYST.upn });
  tokens = fakeCloudTokens(fetch, { clientId: DEMO_CLIENT_ID, refreshToken });
});

afterAll(async () => {
  fetch.close();
  await cloud.close();
});

describe('syncAllTenants', () => {
  it('one tenant failing consent shows needsConsent while the others sync, through the store', async () => {
    cloud.entra.consentedTenants.delete(FABRIKAM_TENANT_ID);
    try {
      const store = new MemoryTenantCacheStore();
      const results = await syncAllTenants({ tenants, store, graphFor });
      expect(results.map((result) => [result.tenantKey, result.cache.status.state])).toEqual([
        [CONTOSO_TENANT_ID, 'ok'],
        [FABRIKAM_TENANT_ID, 'needsConsent'],
        [NORTHWIND_TENANT_ID, 'ok'],
      ]);
      expect(Object.keys(results[0]!.cache.incidents)).toHaveLength(18);
      expect(await store.read(FABRIKAM_TENANT_ID)).toMatchObject({ status: { state: 'needsConsent' }, incidents: {} });
      expect((await store.read(CONTOSO_TENANT_ID))?.summary).toEqual(results[0]!.cache.summary);

      // Consent granted: the next round syncs Fabrikam too, and the others poll incrementally.
      cloud.entra.consentedTenants.add(FABRIKAM_TENANT_ID);
      cloud.clearRequests();
      const next = await syncAllTenants({ tenants, store, graphFor });
      expect(next.map((result) => result.cache.status.state)).toEqual(['ok', 'ok', 'ok']);
      expect(next[1]!.changes.firstSync).toBe(true);
      expect(next[0]!.changes.firstSync).toBe(false);
      const filters = cloud.graphRequests().map((request) => request.query.get('$filter') ?? '');
      expect(filters.filter((filter) => filter.startsWith('lastUpdateDateTime ge'))).toHaveLength(2);
      expect(filters.filter((filter) => filter.startsWith("status ne 'resolved'"))).toHaveLength(1);
    } finally {
      cloud.entra.consentedTenants.add(FABRIKAM_TENANT_ID);
    }
  });

  it('isolates a tenant whose storage fails: its status says so, the others are saved', async () => {
    const store = new MemoryTenantCacheStore();
    const flaky = {
      read: (key: string) => (key === NORTHWIND_TENANT_ID ? Promise.reject(new Error('storage read failed')) : store.read(key)),
      write: (cache: TenantCache) =>
        cache.tenantKey === FABRIKAM_TENANT_ID ? Promise.reject(new Error('QUOTA_BYTES quota exceeded')) : store.write(cache),
    } satisfies TenantCacheStore;
    const results = await syncAllTenants({ tenants, store: flaky, graphFor });
    expect(results.map((result) => result.cache.status.state)).toEqual(['ok', 'error', 'error']);
    expect(results[1]!.cache.status.message).toMatch(/could not be saved.*QUOTA/);
    // Fabrikam's fresh data is still returned for this round, but no notification-worthy changes.
    expect(Object.keys(results[1]!.cache.incidents).length).toBeGreaterThan(0);
    expect(results[1]!.changes.newlyActionable).toEqual([]);
    expect(results[2]!.cache.status.message).toMatch(/storage read failed/);
    expect(store.size).toBe(1);
  });
});

describe('concurrency', () => {
  it('polls at most `concurrency` tenants at a time, results in tenant order', async () => {
    const raw = demoTenants(new Date()).customers[0]!.incidents;
    let inFlight = 0;
    let peak = 0;
    const many = Array.from({ length: 10 }, (_, index) =>
      tenantConfigSchema.parse({ tenantId: `tenant${index}.example`, displayName: `Tenant ${index}`, service: 'xdr' }),
    );
    const slowGraph = () => ({
      async *listIncidents() {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        yield raw.slice(0, 2) as unknown[];
      },
    });
    const results = await syncAllTenants({ tenants: many, store: new MemoryTenantCacheStore(), graphFor: slowGraph, concurrency: 3 });
    expect(peak).toBe(3);
    expect(results.map((result) => result.tenantKey)).toEqual(many.map((tenant) => tenant.tenantId));
  });

  it('reconciles on the fake Graph: a merged (hidden) and a vanished incident leave; a steady round stays 1 request', async () => {
    const contoso = tenants.slice(0, 1);
    const store = new MemoryTenantCacheStore();
    const reconcile = { intervalMs: 3600_000 };
    const [first] = await syncAllTenants({ tenants: contoso, store, graphFor, reconcile });
    expect(first!.cache.lastReconciledAt).not.toBeNull();
    const data = cloud.graph.tenant(CONTOSO_TENANT_ID);
    data.hideRedirected = true;
    const merged = data.incident('1002')!;
    data.updateIncident('1002', { status: 'redirected', redirectIncidentId: '1001', lastUpdateDateTime: String(merged['lastUpdateDateTime']) });
    data.removeIncident('1009');
    try {
      cloud.clearRequests();
      const [steady] = await syncAllTenants({ tenants: contoso, store, graphFor, reconcile });
      expect(cloud.graphRequests()).toHaveLength(1);
      expect(steady!.cache.incidents['1002']).toBeDefined();

      cloud.clearRequests();
      const [checked] = await syncAllTenants({ tenants: contoso, store, graphFor, reconcile: { ...reconcile, force: true } });
      const requests = cloud.graphRequests();
      expect(requests.map((request) => `${request.status} ${request.path}`)).toEqual([
        '200 /v1.0/security/incidents',
        '200 /v1.0/security/incidents',
        '200 /v1.0/security/incidents/1002',
        '404 /v1.0/security/incidents/1009',
      ]);
      expect(requests[1]!.query.get('$filter')).toBe("status ne 'resolved'");
      expect(requests[1]!.query.get('$select')).toBe('id,status,lastUpdateDateTime');
      expect(Number(requests[1]!.query.get('$top'))).toBeLessThanOrEqual(50);
      expect(checked!.cache.incidents['1002']).toBeUndefined();
      expect(checked!.cache.incidents['1009']).toBeUndefined();
      expect(checked!.changes.resolvedOrGone.sort()).toEqual(['1002', '1009']);
      expect((await store.read(CONTOSO_TENANT_ID))?.summary).toEqual(checked!.cache.summary);
    } finally {
      cloud.reset();
    }
  });

  it('mapWithConcurrency handles empty lists and odd limits', async () => {
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
    expect(await mapWithConcurrency([1, 2, 3], 0, async (value) => value * 2)).toEqual([2, 4, 6]);
    expect(await mapWithConcurrency([1, 2, 3], 99, async (value) => value + 1)).toEqual([2, 3, 4]);
  });
});

describe('syncAllTenants with a store that keeps incidents apart (the browser: sync records)', () => {
  // Whatever the tests above did to consent and tokens: a fresh cloud and sign-in.
  beforeEach(async () => {
    cloud.reset();
    tokens = fakeCloudTokens(fetch, { clientId: DEMO_CLIENT_ID, refreshToken: await signInToFakeCloud(fetch, { clientId: DEMO_CLIENT_ID, upn: DEMO_ANALYST.upn }) });
  });

  /** The memory store plus the records port, counting whole-cache reads, entry reads and record writes. */
  function splitStore() {
    const store = new MemoryTenantCacheStore();
    const counts = { wholeReads: 0, entryReads: 0, recordWrites: 0 };
    const split = {
      read: (key: string) => {
        counts.wholeReads += 1;
        return store.read(key);
      },
      write: (cache: TenantCache) => store.write(cache),
      records: {
        read: async (key: string) => {
          const cache = await store.read(key);
          return cache ? syncRecordOf(cache) : null;
        },
        readEntries: async (key: string, ids: readonly string[]) => {
          counts.entryReads += ids.length;
          const incidents = (await store.read(key))?.incidents ?? {};
          return Object.fromEntries(ids.flatMap((id) => (incidents[id] ? [[id, incidents[id]]] : [])));
        },
        write: async (record: TenantSyncRecord) => {
          counts.recordWrites += 1;
          const cache = await store.read(record.tenantKey);
          if (cache) await store.write({ ...cache, ...record, incidents: cache.incidents });
        },
      },
    } satisfies TenantCacheStore;
    return { store, split, counts };
  }
  const settled = tenants.map((tenant) => ({ ...tenant, resolvedTenantId: tenant.tenantId }));

  it('a steady round reads no whole cache and returns the record alone; a due reconciliation or a caller\'s wish reads it', async () => {
    const { store, split, counts } = splitStore();
    const first = await syncAllTenants({ tenants: settled, store: split, graphFor, reconcile: { intervalMs: 3600_000 } });
    expect(first.every((result) => result.cache !== null)).toBe(true);
    expect(counts.wholeReads).toBe(3);

    counts.wholeReads = 0;
    const steady = await syncAllTenants({ tenants: settled, store: split, graphFor, reconcile: { intervalMs: 3600_000 } });
    expect(steady.map((result) => [result.cache, result.record.status.state])).toEqual([
      [null, 'ok'],
      [null, 'ok'],
      [null, 'ok'],
    ]);
    expect(counts).toMatchObject({ wholeReads: 0, recordWrites: 3 });
    expect(steady[0]!.record.summary).toEqual((await store.read(CONTOSO_TENANT_ID))?.summary);

    counts.wholeReads = 0;
    const wanted = await syncAllTenants({
      tenants: settled,
      store: split,
      graphFor,
      readIncidentsOf: (key) => key === FABRIKAM_TENANT_ID,
      reconcile: { intervalMs: 3600_000, force: true },
    });
    expect(counts.wholeReads).toBe(3);
    expect(wanted.every((result) => result.cache !== null && result.reconciliation !== undefined)).toBe(true);
  });

  it('a record that cannot be saved gives the tenant an error status, the others go on', async () => {
    const { split } = splitStore();
    await syncAllTenants({ tenants: settled, store: split, graphFor });
    const failing = {
      ...split,
      records: {
        ...split.records,
        write: (record: TenantSyncRecord) =>
          record.tenantKey === NORTHWIND_TENANT_ID ? Promise.reject(new Error('QUOTA_BYTES quota exceeded')) : split.records.write(record),
      },
    } satisfies TenantCacheStore;
    const results = await syncAllTenants({ tenants: settled, store: failing, graphFor });
    expect(results.map((result) => result.record.status.state)).toEqual(['ok', 'ok', 'error']);
    expect(results[2]!.record.status.message).toMatch(/could not be saved.*QUOTA/);
    expect(results[2]!.cache).toBeNull();
  });
});
