import { describe, expect, it } from 'vitest';
import { tenantConfigSchema } from '@/utils/domain/settings';
import { pollTenant } from '@/utils/sync/poll-tenant';
import {
  emptyTenantCache,
  migrateTenantCache,
  tenantCacheSchema,
  tenantCacheSchemaVersion,
  type TenantCache,
} from '@/utils/sync/tenant-cache';
import { CONTOSO_TENANT_ID, demoTenants } from '../../fixtures/demo-tenants';

const now = new Date('2026-11-27T12:00:00Z');
const contoso = demoTenants(new Date('2026-11-27T11:00:00Z')).customers[0]!;
const tenant = tenantConfigSchema.parse({ tenantId: CONTOSO_TENANT_ID, displayName: 'Contoso', service: 'xdr' });

async function syncedCache(): Promise<TenantCache> {
  const graph = {
    async *listIncidents() {
      yield contoso.incidents as unknown[];
    },
  };
  return (await pollTenant({ tenant, previous: null, graph, now })).cache;
}

describe('the tenant cache document', () => {
  it('starts empty and never synced', () => {
    const empty = emptyTenantCache('contoso.example');
    expect(tenantCacheSchema.parse(empty)).toEqual(empty);
    expect(empty).toMatchObject({ schemaVersion: tenantCacheSchemaVersion, watermark: null, status: { state: 'neverSynced' } });
    expect(empty.summary.total).toBe(0);
  });

  it('survives storage (a JSON round trip) unchanged', async () => {
    const cache = await syncedCache();
    expect(Object.keys(cache.incidents)).toHaveLength(contoso.incidents.length);
    expect(migrateTenantCache(JSON.parse(JSON.stringify(cache)))).toEqual(cache);
  });

  it('reads unknown, older and newer versions as "resync from scratch"', async () => {
    const cache = await syncedCache();
    for (const raw of [undefined, null, 'cache', 42, [], {}, { ...cache, schemaVersion: 0 }, { ...cache, schemaVersion: tenantCacheSchemaVersion + 1 }]) {
      expect(migrateTenantCache(raw)).toBeNull();
    }
    const { schemaVersion: _dropped, ...unversioned } = cache;
    expect(migrateTenantCache(unversioned)).toBeNull();
  });

  it('upgrades a version 1 document (no lastReconciledAt) instead of dropping it: the next round reconciles', async () => {
    const cache = await syncedCache();
    const { lastReconciledAt: _added, ...version1 } = { ...cache, schemaVersion: 1 };
    expect(migrateTenantCache(JSON.parse(JSON.stringify(version1)))).toEqual({ ...cache, lastReconciledAt: null });
  });

  it('reads a corrupt document as null instead of throwing', async () => {
    const cache = await syncedCache();
    const [firstId] = Object.keys(cache.incidents);
    const withoutHandoff = structuredClone(cache) as Record<string, unknown> & TenantCache;
    delete (withoutHandoff.incidents[firstId!] as Partial<TenantCache['incidents'][string]>).handoff;
    expect(migrateTenantCache(withoutHandoff)).toBeNull();
    const misfiled = structuredClone(cache);
    misfiled.incidents['other-id'] = misfiled.incidents[firstId!]!;
    expect(migrateTenantCache(misfiled)).toBeNull();
    expect(migrateTenantCache({ ...cache, watermark: 'yesterday' })).toBeNull();
    expect(migrateTenantCache({ ...cache, status: { state: 'sleeping', message: null, retryAt: null } })).toBeNull();
    const hostile = {
      schemaVersion: tenantCacheSchemaVersion,
      get tenantKey(): string {
        throw new Error('boom');
      },
    };
    expect(migrateTenantCache(hostile)).toBeNull();
  });
});
