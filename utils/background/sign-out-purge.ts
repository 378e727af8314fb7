import { browser } from 'wxt/browser';
import { storage, type StorageItemKey } from 'wxt/utils/storage';
import { forgetMsalCacheKey } from '../storage/msal-cache-key-storage';
import { writeNotificationTargets } from '../storage/notification-targets-storage';
import { pendingNotificationsItem, withPendingNotificationsLock } from '../storage/pending-notifications-storage';
import { readAllTenantCaches, removeTenantCache, tenantCacheKeyPrefix } from '../storage/tenant-cache-storage';
import { tenantSummariesItem } from '../storage/tenant-summaries-storage';
import { forgetWriteRefusals } from '../storage/write-refusal-storage';

/**
 * Sign-out leaves nothing of any tenant behind: MSAL's cache key (the host already cleared MSAL's
 * cache), every tenant's cache and summary, the notifications waiting to be shown or shown, and where
 * their clicks would go.
 */
export async function purgeAfterSignOut(): Promise<void> {
  await forgetMsalCacheKey();
  const caches = await readAllTenantCaches();
  await Promise.all(caches.map((cache) => removeTenantCache(cache.tenantKey)));
  // Unreadable entries too (an older format, a hand edit): whatever is stored under a cache key goes.
  const leftovers = Object.keys(await storage.snapshot('local')).filter((key) => key.startsWith(tenantCacheKeyPrefix));
  if (leftovers.length > 0) await storage.removeItems(leftovers.map((key): StorageItemKey => `local:${key}`));
  await tenantSummariesItem.removeValue();
  await withPendingNotificationsLock(() => pendingNotificationsItem.removeValue());
  await writeNotificationTargets({});
  await forgetWriteRefusals();
  const shown = await Promise.resolve()
    .then(() => browser.notifications.getAll())
    .catch(() => ({}));
  await Promise.all(Object.keys(shown).map((id) => browser.notifications.clear(id).catch(() => false)));
}
