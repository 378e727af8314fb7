import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  readAllTenantCaches,
  readTenantCache,
  removeTenantCache,
  tenantCacheStorageKey,
  writeTenantCache,
} from '@/utils/storage/tenant-cache-storage';
import { emptyTenantCache, type TenantCache } from '@/utils/sync/tenant-cache';

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

describe('tenant caches in browser.storage.local', () => {
  beforeEach(() => fakeBrowser.reset());

  it('keeps one entry per tenant under tenantCache:<tenantKey>', async () => {
    await writeTenantCache(synced(contosoKey));
    await writeTenantCache(synced(fabrikamKey));
    const stored = await fakeBrowser.storage.local.get(null);
    expect(Object.keys(stored).sort()).toEqual([`tenantCache:${contosoKey}`, `tenantCache:${fabrikamKey}`]);
    expect(tenantCacheStorageKey(contosoKey)).toBe(`tenantCache:${contosoKey}`);
  });

  it('reads back what was written, and null for a tenant never written', async () => {
    await writeTenantCache(synced(contosoKey));
    expect(await readTenantCache(contosoKey)).toEqual(synced(contosoKey));
    expect(await readTenantCache(fabrikamKey)).toBeNull();
  });

  it('reads an unreadable or misfiled entry as null (resync), never throws', async () => {
    await fakeBrowser.storage.local.set({ [tenantCacheStorageKey(contosoKey)]: { schemaVersion: 99 } });
    expect(await readTenantCache(contosoKey)).toBeNull();
    await fakeBrowser.storage.local.set({ [tenantCacheStorageKey(contosoKey)]: synced(fabrikamKey) });
    expect(await readTenantCache(contosoKey)).toBeNull();
  });

  it('refuses to write an invalid cache', async () => {
    await expect(writeTenantCache({ ...synced(contosoKey), watermark: 'not a date' })).rejects.toThrow();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('removes one tenant and reads all the readable others, ignoring other keys', async () => {
    await writeTenantCache(synced(contosoKey));
    await writeTenantCache(synced(fabrikamKey));
    await fakeBrowser.storage.local.set({ settings: { pollIntervalMinutes: 5 }, 'tenantCache:broken': 'garbage' });
    expect((await readAllTenantCaches()).map((cache) => cache.tenantKey).sort()).toEqual([contosoKey, fabrikamKey]);
    await removeTenantCache(contosoKey);
    expect((await readAllTenantCaches()).map((cache) => cache.tenantKey)).toEqual([fabrikamKey]);
    expect(await fakeBrowser.storage.local.get('settings')).toEqual({ settings: { pollIntervalMinutes: 5 } });
  });
});
