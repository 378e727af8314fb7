import { browser } from 'wxt/browser';
import { storage, type StorageItemKey } from 'wxt/utils/storage';
import { clearExpertHuntQueries, deleteExpertHuntQueriesOfTenants } from '../storage/hunt-queries-storage';
import { clearHuntRuns, deleteHuntDataOfTenants } from '../storage/hunt-runs-storage';
import { forgetMsalCacheKey } from '../storage/msal-cache-key-storage';
import { writeNotificationTargets } from '../storage/notification-targets-storage';
import { removeAllPendingNotifications, removePendingNotificationsOf } from '../storage/pending-notifications-storage';
import { removeAllTenantCaches, removeTenantCache, tenantCacheKeyPrefix } from '../storage/tenant-cache-storage';
import { removeTenantSummaries } from '../storage/tenant-summaries-storage';
import { forgetLocalReviews } from '../storage/ui-state-storage';
import { forgetWriteRefusals } from '../storage/write-refusal-storage';
import { tenantDataPurges } from './purge-log';

/** Who keeps tenant data in memory and must drop it first (the hunt service: its runs in flight). */
type PurgeListener = (tenantKeys: readonly string[] | 'all') => void;
const purgeListeners = new Set<PurgeListener>();

/** Calls `listener` before a purge deletes stored data: with the removed tenants' keys, or 'all' at sign-out. */
export function onTenantDataPurged(listener: PurgeListener): () => void {
  purgeListeners.add(listener);
  return () => purgeListeners.delete(listener);
}

function tellPurgeListeners(tenantKeys: readonly string[] | 'all'): void {
  // Work between a read and its write (Defender Experts' queries) asks the log whether to write (purge-log.ts).
  tenantDataPurges.record(tenantKeys);
  for (const listener of purgeListeners) listener(tenantKeys);
}

/**
 * Sign-out leaves nothing of any tenant behind: MSAL's cache key (the host already cleared MSAL's
 * cache), every tenant's cache and summary, the notifications waiting to be shown or shown, and where
 * their clicks would go, every hunt run and its rows and the Defender Experts queries remembered (the
 * analyst's saved queries stay: they name no tenant).
 */
export async function purgeAfterSignOut(): Promise<void> {
  tellPurgeListeners('all');
  await forgetMsalCacheKey();
  await clearHuntRuns();
  await clearExpertHuntQueries();
  await removeAllTenantCaches();
  // Entries of versions before the IndexedDB move too, readable or not, and their pending notifications.
  const leftovers = Object.keys(await storage.snapshot('local')).filter(
    (key) => key.startsWith(tenantCacheKeyPrefix) || key.startsWith('pendingNotifications'),
  );
  if (leftovers.length > 0) await storage.removeItems(leftovers.map((key): StorageItemKey => `local:${key}`));
  await removeTenantSummaries();
  await forgetLocalReviews();
  await removeAllPendingNotifications();
  await writeNotificationTargets({});
  await forgetWriteRefusals();
  const shown = await Promise.resolve()
    .then(() => browser.notifications.getAll())
    .catch(() => ({}));
  await Promise.all(Object.keys(shown).map((id) => browser.notifications.clear(id).catch(() => false)));
}

/** A tenant no longer in the settings, as its summary entry knew it. */
export interface RemovedTenant {
  tenantKey: string;
  resolvedTenantId: string | null;
}

/**
 * Removing a tenant leaves nothing of it behind: its cache, its pending notifications, its local review
 * marks, its place and rows in hunt runs, the Defender Experts queries of its incidents, and its tokens in
 * the broker's memory and in MSAL's cache (`forgetTenantTokens`; the account, its home tenant and the
 * refresh token, which every tenant shares, stay). Its summary goes with the round's summaries update.
 * An id still configured (a tenant re-keyed by its GUID) is never forgotten.
 */
export async function purgeRemovedTenants(
  removed: readonly RemovedTenant[],
  stillConfiguredIds: ReadonlySet<string>,
  forgetTenantTokens: (tenantIds: string[]) => Promise<void>,
): Promise<void> {
  if (removed.length === 0) return;
  const keys = removed.map((tenant) => tenant.tenantKey);
  tellPurgeListeners(keys);
  await Promise.all(keys.map(removeTenantCache));
  await deleteHuntDataOfTenants(keys);
  await deleteExpertHuntQueriesOfTenants(keys);
  await removePendingNotificationsOf(keys);
  await forgetLocalReviews(new Set(keys));
  const configured = new Set([...stillConfiguredIds].map((id) => id.toLowerCase()));
  const ids = [...new Set(removed.flatMap((tenant) => [tenant.tenantKey, tenant.resolvedTenantId ?? '']))].filter(
    (id) => id !== '' && !configured.has(id.toLowerCase()),
  );
  if (ids.length > 0) await forgetTenantTokens(ids).catch((error: unknown) => console.warn('[Handoff] forgetting a tenant\'s tokens failed', error));
}
