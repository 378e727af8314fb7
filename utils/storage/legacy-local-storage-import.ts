import { storage, type StorageItemKey } from 'wxt/utils/storage';
import { z } from 'zod';
import { plannedNotificationSchema } from '../sync/notification-plan';
import { migrateTenantCache } from '../sync/tenant-cache';
import { syncRecordOf } from '../sync/tenant-cache-diff';
import { incidentsStore, inTransaction, metaStore, pendingNotificationsStore, requestResult, syncRecordsStore } from './handoff-database';

/**
 * Versions before the IndexedDB move kept each tenant's cache in storage.local (`tenantCache:<key>`)
 * and the pending notifications under `pendingNotifications`. The worker moves them once: each value is
 * validated here, at the edge (tenantCacheSchema through migrateTenantCache, plannedNotificationSchema),
 * because it was written by an older version and Firefox let content scripts write storage.local; what
 * does not parse is dropped (the tenant resyncs). A tenant already in the database keeps its newer data.
 * The `legacyImport` record in the `meta` store says it is done, so later starts read nothing.
 */

const legacyCachePrefix = 'tenantCache:';
const legacyPendingKey = 'pendingNotifications';

let importing: Promise<void> | undefined;

/** Reads and writes of the moved data wait for the move once the worker started it. */
export function afterLegacyImport(): Promise<void> {
  return importing ?? Promise.resolve();
}

/** Called once by the worker when it starts (only the worker writes caches, so only it moves them). */
export function startLegacyLocalStorageImport(): Promise<void> {
  importing = importLegacyLocalStorage().catch((error: unknown) => {
    console.warn('[Handoff] moving the tenant caches to IndexedDB failed', error);
  });
  return importing;
}

async function importLegacyLocalStorage(): Promise<void> {
  const done = await inTransaction([metaStore], 'readonly', (transaction) =>
    requestResult(transaction.objectStore(metaStore).get('legacyImport')),
  );
  if ((done as { done?: unknown } | undefined)?.done === true) return;
  const everything = await storage.snapshot('local');
  const legacyKeys = Object.keys(everything).filter((key) => key.startsWith(legacyCachePrefix) || key.startsWith(legacyPendingKey));
  const caches = Object.entries(everything).flatMap(([key, value]) => {
    if (!key.startsWith(legacyCachePrefix)) return [];
    const cache = migrateTenantCache(value);
    return cache !== null && key === `${legacyCachePrefix}${cache.tenantKey}` ? [cache] : [];
  });
  const pending = z.array(plannedNotificationSchema).safeParse(everything[legacyPendingKey]);
  await inTransaction([syncRecordsStore, incidentsStore, pendingNotificationsStore, metaStore], 'readwrite', async (transaction) => {
    const records = transaction.objectStore(syncRecordsStore);
    const present = await Promise.all(caches.map((cache) => requestResult(records.getKey(cache.tenantKey))));
    caches.forEach((cache, index) => {
      if (present[index] !== undefined) return;
      records.put(syncRecordOf(cache));
      for (const entry of Object.values(cache.incidents)) {
        transaction.objectStore(incidentsStore).put({ tenantKey: cache.tenantKey, id: entry.incident.id, ...entry });
      }
    });
    if (pending.success) {
      pending.data.forEach((notification, index) =>
        transaction.objectStore(pendingNotificationsStore).put({ id: notification.id, queuedAt: index, notification }),
      );
    }
    transaction.objectStore(metaStore).put({ name: 'legacyImport', done: true });
  });
  if (legacyKeys.length > 0) await storage.removeItems(legacyKeys.map((key): StorageItemKey => `local:${key}`));
}
