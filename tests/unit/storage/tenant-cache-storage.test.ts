import '@/tests/support/fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { incidentsStore, inTransaction, syncRecordsStore } from '@/utils/storage/handoff-database';
import {
  commitPolledTenantCache,
  onTenantCacheChanged,
  readAllTenantCaches,
  readTenantCache,
  removeTenantCache,
  writeTenantCache,
} from '@/utils/storage/tenant-cache-storage';
import { emptyTenantCache, type TenantCache } from '@/utils/sync/tenant-cache';
import { benchTenant, bytesPut, now, poll, tenant } from '../../support/bench-tenant-cache';

const contosoKey = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikamKey = 'fabrikam.example';

function synced(key: string): TenantCache {
  return {
    ...emptyTenantCache(key),
    lastAttemptAt: '2026-11-27T12:00:00.000Z',
    lastSuccessAt: '2026-11-27T12:00:00.000Z',
    status: { state: 'ok', message: null, retryAt: null },
  };
}

describe('tenant caches in the extension IndexedDB', () => {
  beforeEach(() => fakeBrowser.reset());

  it('keeps nothing in storage.local (content scripts can read it on Firefox): a sync record and one record per incident', async () => {
    await commitPolledTenantCache(await poll(benchTenant.incidents.slice(0, 3), now));
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    const [records, incidents] = await inTransaction([syncRecordsStore, incidentsStore], 'readonly', async (transaction) => [
      await new Promise<unknown[]>((resolve) => (transaction.objectStore(syncRecordsStore).getAll().onsuccess = (event) => resolve((event.target as IDBRequest<unknown[]>).result))),
      await new Promise<unknown[]>((resolve) => (transaction.objectStore(incidentsStore).getAllKeys().onsuccess = (event) => resolve((event.target as IDBRequest<unknown[]>).result))),
    ]);
    expect(records).toHaveLength(1);
    expect(incidents).toHaveLength(3);
  });

  it('reads back what was written, and null for a tenant never written', async () => {
    await writeTenantCache(synced(contosoKey));
    expect(await readTenantCache(contosoKey)).toEqual(synced(contosoKey));
    expect(await readTenantCache(fabrikamKey)).toBeNull();
  });

  it('reads a record of another version as null (resync), never throws', async () => {
    await inTransaction([syncRecordsStore], 'readwrite', async (transaction) => {
      transaction.objectStore(syncRecordsStore).put({ tenantKey: contosoKey, schemaVersion: 99 });
    });
    expect(await readTenantCache(contosoKey)).toBeNull();
  });

  it('refuses to write an invalid cache', async () => {
    await expect(writeTenantCache({ ...synced(contosoKey), watermark: 'not a date' })).rejects.toThrow();
    expect(await readTenantCache(contosoKey)).toBeNull();
  });

  it('removes one tenant (a key that is a prefix of another included) and reads all the others', async () => {
    await writeTenantCache(synced(contosoKey));
    await writeTenantCache(synced(fabrikamKey));
    await writeTenantCache(synced(`${fabrikamKey}x`));
    await commitPolledTenantCache(await poll(benchTenant.incidents.slice(0, 2), now));
    expect((await readAllTenantCaches()).map((cache) => cache.tenantKey).sort()).toEqual([tenant.tenantId, contosoKey, fabrikamKey, `${fabrikamKey}x`].sort());
    await removeTenantCache(fabrikamKey);
    await removeTenantCache(tenant.tenantId);
    expect((await readAllTenantCaches()).map((cache) => cache.tenantKey).sort()).toEqual([contosoKey, `${fabrikamKey}x`]);
    expect(await readTenantCache(tenant.tenantId)).toBeNull();
  });
});

describe('a steady poll (issue 12: make the steady round cheap)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('writes only the small sync record when no incident changed (the whole ~120 KB cache before)', async () => {
    const first = await poll(benchTenant.incidents, now);
    await commitPolledTenantCache(first);
    const wholeDocument = JSON.stringify(first).length;
    // Ten minutes later Graph has nothing new; every handoff's timeInStepMs moved with the clock.
    const steady = await poll([], now + 10 * 60_000);
    const written = await bytesPut(() => commitPolledTenantCache(steady));
    console.info(`[steady poll] 300 incidents: ${wholeDocument} bytes per write before, ${JSON.stringify(written)} now`);
    expect(Object.keys(written)).toEqual([syncRecordsStore]);
    expect(written[syncRecordsStore]).toBeLessThanOrEqual(2048);
    expect(wholeDocument).toBeGreaterThan(50 * written[syncRecordsStore]!);
    expect((await readTenantCache(tenant.tenantId))?.lastAttemptAt).toBe(new Date(now + 10 * 60_000).toISOString());
  });

  it('writes one incident record for one changed incident, and tells listeners; a steady poll tells nobody', async () => {
    await commitPolledTenantCache(await poll(benchTenant.incidents, now));
    const told: string[] = [];
    const stop = onTenantCacheChanged((key) => told.push(key));
    await commitPolledTenantCache(await poll([], now + 60_000));
    expect(told).toEqual([]);
    const changed: Record<string, unknown> = { ...(benchTenant.incidents[5] as Record<string, unknown>), status: 'resolved', lastUpdateDateTime: new Date(now + 90_000).toISOString() };
    const written = await bytesPut(async () => commitPolledTenantCache(await poll([changed], now + 120_000)));
    stop();
    expect(Object.keys(written).sort()).toEqual([incidentsStore, syncRecordsStore].sort());
    expect(written[incidentsStore]).toBeLessThan(4096);
    expect(told).toEqual([tenant.tenantId]);
    expect((await readTenantCache(tenant.tenantId))?.incidents[String(changed['id'])]?.incident.status).toBe('resolved');
  });

  it('drops an incident the poll dropped', async () => {
    await commitPolledTenantCache(await poll(benchTenant.incidents.slice(0, 3), now));
    const cache = (await readTenantCache(tenant.tenantId))!;
    const [dropped] = Object.keys(cache.incidents);
    const { [dropped!]: _gone, ...kept } = cache.incidents;
    await commitPolledTenantCache({ ...cache, incidents: kept });
    expect(Object.keys((await readTenantCache(tenant.tenantId))!.incidents).sort()).toEqual(Object.keys(kept).sort());
  });
});

