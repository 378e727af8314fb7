import { browser } from 'wxt/browser';
import type { TenantCacheStore } from '../sync/sync-all-tenants';
import { migrateTenantCache, tenantCacheSchema, type TenantCache } from '../sync/tenant-cache';

/**
 * Tenant caches in browser.storage.local, one key per tenant (`tenantCache:<tenantKey>`), so a poll
 * rewrites only its own tenant's entry. Reading goes through migrateTenantCache: an unreadable entry is
 * "no cache" (the tenant resyncs), never an error.
 */

export const tenantCacheKeyPrefix = 'tenantCache:';

export function tenantCacheStorageKey(tenantKey: string): string {
  return `${tenantCacheKeyPrefix}${tenantKey}`;
}

export async function readTenantCache(tenantKey: string): Promise<TenantCache | null> {
  const key = tenantCacheStorageKey(tenantKey);
  const cache = migrateTenantCache((await browser.storage.local.get(key))[key]);
  // An entry under the wrong key (copied by hand, a bug) is not this tenant's.
  return cache !== null && cache.tenantKey === tenantKey ? cache : null;
}

/** Validates before writing: a half-valid cache is never saved. */
export async function writeTenantCache(cache: TenantCache): Promise<void> {
  const valid = tenantCacheSchema.parse(cache);
  await browser.storage.local.set({ [tenantCacheStorageKey(valid.tenantKey)]: valid });
}

export async function removeTenantCache(tenantKey: string): Promise<void> {
  await browser.storage.local.remove(tenantCacheStorageKey(tenantKey));
}

/** Every readable tenant cache (unreadable entries are skipped). */
export async function readAllTenantCaches(): Promise<TenantCache[]> {
  const everything = await browser.storage.local.get(null);
  const caches: TenantCache[] = [];
  for (const [key, value] of Object.entries(everything)) {
    if (!key.startsWith(tenantCacheKeyPrefix)) continue;
    const cache = migrateTenantCache(value);
    if (cache !== null && tenantCacheStorageKey(cache.tenantKey) === key) caches.push(cache);
  }
  return caches;
}

export const browserTenantCacheStore: TenantCacheStore = { read: readTenantCache, write: writeTenantCache };
