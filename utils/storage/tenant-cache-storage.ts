import { browser } from 'wxt/browser';
import { storage, type StorageItemKey } from 'wxt/utils/storage';
import type { TenantCacheStore } from '../sync/sync-all-tenants';
import { migrateTenantCache, tenantCacheSchema, type TenantCache } from '../sync/tenant-cache';
import type { PlannedNotification } from '../sync/notification-plan';
import { keepNewerIncidents } from '../sync/replace-cached-incident';
import { withKeyLock } from './key-lock';
import {
  pendingNotificationsItem,
  readPendingNotifications,
  withPending,
  withPendingNotificationsLock,
} from './pending-notifications-storage';

/**
 * Tenant caches in storage.local, one key per tenant (`tenantCache:<tenantKey>`), so a poll rewrites
 * only its own tenant's entry. The key is dynamic, so these are plain WXT storage keys rather than
 * defined items; the document carries its own `schemaVersion` and every read goes through
 * migrateTenantCache: an unreadable entry is "no cache" (the tenant resyncs), never an error.
 */

export const tenantCacheKeyPrefix = 'tenantCache:';

export function tenantCacheStorageKey(tenantKey: string): string {
  return `${tenantCacheKeyPrefix}${tenantKey}`;
}

const localKey = (tenantKey: string): StorageItemKey => `local:${tenantCacheStorageKey(tenantKey)}`;

export async function readTenantCache(tenantKey: string): Promise<TenantCache | null> {
  const cache = migrateTenantCache(await storage.getItem<unknown>(localKey(tenantKey)));
  // An entry under the wrong key (copied by hand, a bug) is not this tenant's.
  return cache !== null && cache.tenantKey === tenantKey ? cache : null;
}

/** Validates before writing: a half-valid cache is never saved. */
export async function writeTenantCache(cache: TenantCache): Promise<void> {
  const valid = tenantCacheSchema.parse(cache);
  await storage.setItem(localKey(valid.tenantKey), valid);
}

/**
 * Read-modify-write of one tenant's cache under its key's lock (a quick action's re-read vs a poll in
 * flight): `change` gets the cache as stored now; null from it writes nothing.
 */
export function updateTenantCache(
  tenantKey: string,
  change: (current: TenantCache | null) => TenantCache | null,
): Promise<{ previous: TenantCache | null; updated: TenantCache | null }> {
  return withKeyLock(localKey(tenantKey), async () => {
    const previous = await readTenantCache(tenantKey);
    const updated = change(previous);
    if (updated) await writeTenantCache(updated);
    return { previous, updated };
  });
}

/**
 * A poll's cache, written under the tenant's lock: incidents a quick action wrote since the poll read
 * the cache are kept where newer (keepNewerIncidents), and the round's notifications for this tenant go
 * into the pending list in the same storage call, so a worker stopped right after cannot lose them.
 * Returns what was written.
 */
export function commitPolledTenantCache(polled: TenantCache, notifications: readonly PlannedNotification[] = []): Promise<TenantCache> {
  return withKeyLock(localKey(polled.tenantKey), async () => {
    const valid = tenantCacheSchema.parse(keepNewerIncidents(polled, await readTenantCache(polled.tenantKey)));
    if (notifications.length === 0) {
      await storage.setItem(localKey(valid.tenantKey), valid);
      return valid;
    }
    await withPendingNotificationsLock(async () => {
      const pending = withPending(await readPendingNotifications(), notifications);
      await storage.setItems([
        { key: localKey(valid.tenantKey), value: valid },
        { item: pendingNotificationsItem, value: pending },
      ]);
    });
    return valid;
  });
}

export async function removeTenantCache(tenantKey: string): Promise<void> {
  await storage.removeItem(localKey(tenantKey));
}

/** Every readable tenant cache (unreadable entries are skipped). */
export async function readAllTenantCaches(): Promise<TenantCache[]> {
  const everything = await storage.snapshot('local');
  const caches: TenantCache[] = [];
  for (const [key, value] of Object.entries(everything)) {
    if (!key.startsWith(tenantCacheKeyPrefix)) continue;
    const cache = migrateTenantCache(value);
    if (cache !== null && tenantCacheStorageKey(cache.tenantKey) === key) caches.push(cache);
  }
  return caches;
}

/**
 * Calls `onWrite(tenantKey)` when a tenant's cache is written or removed in any extension context (a
 * poll, a quick action). Portal tabs are told this way (background/portal-tabs.ts).
 */
export function watchTenantCacheWrites(onWrite: (tenantKey: string) => void): void {
  // A prefix, not one key: WXT's watch takes exact keys, so this listens to the area itself.
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    for (const key of Object.keys(changes)) {
      if (key.startsWith(tenantCacheKeyPrefix)) onWrite(key.slice(tenantCacheKeyPrefix.length));
    }
  });
}

export const browserTenantCacheStore: TenantCacheStore = { read: readTenantCache, write: (cache) => commitPolledTenantCache(cache) };
