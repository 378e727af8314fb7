import { storage } from 'wxt/utils/storage';
import type { TenantSyncRecord } from '../sync/tenant-cache-diff';
import type { TenantCache } from '../sync/tenant-cache';
import {
  adjustOpenGuidedTaskCount,
  mergeTenantSummaries,
  parseTenantSummaries,
  summaryEntryOf,
  tenantSummariesSchemaVersion,
  type OpenTaskCount,
  type TenantSummaries,
} from '../sync/tenant-summaries';
import { popupFirstScreen } from '../sync/popup-first-screen';
import type { TenantConfig } from '../domain/settings';
import { inTransaction, metaStore } from './handoff-database';
import {
  firstScreenRecordName,
  readStoredTenantSummaries,
  summariesChannelName,
  summariesRecordName,
  watchTenantSummaries,
} from './tenant-summaries-record';
import { readSettings } from './settings-storage';
import { withKeyLock } from './key-lock';
import { readAllTenantCaches } from './tenant-cache-storage';

/**
 * The tenant summaries document (sync/tenant-summaries.ts) in the extension origin's IndexedDB (the `meta`
 * store, one record): written by the worker every round, it raises no storage.onChanged event, so it never
 * comes back into the worker (whose listener is there for the settings), and no content script can read
 * it on any browser (storage.local is readable by Firefox's). Extension pages learn of a write on a
 * BroadcastChannel, which reaches the extension's own origin only. The document carries its own
 * schemaVersion: one this version cannot read is rebuilt (from the storage.local document of versions
 * before the move when there is one, validated, else from the caches). Only extension code writes it, from
 * validated data, so reads check the version and shape, not every field through zod (that read and the
 * change channel are tenant-summaries-record.ts, which the popup's first paint uses without zod).
 */

export { watchTenantSummaries };

/** Where versions before the move kept the document (read once, validated, then removed; sign-out removes it). */
export const tenantSummariesItem = storage.defineItem<unknown>('local:tenantSummaries', { version: 1 });

/** The document rebuilt (the storage.local one of versions before the move, validated, else the caches). */
async function rebuildTenantSummaries(settingsTenants?: readonly TenantConfig[]) {
  const [stored, caches, settings] = await Promise.all([
    tenantSummariesItem.getValue(),
    readAllTenantCaches(),
    settingsTenants ? null : readSettings(),
  ]);
  const legacy = parseTenantSummaries(stored);
  const rebuilt = legacy ?? Object.fromEntries(caches.map((cache) => [cache.tenantKey, summaryEntryOf(cache)]));
  return { rebuilt, settingsTenants: settingsTenants ?? settings?.tenants };
}

/**
 * Every tenant's summary; built once when the document is missing or unreadable, and written back. For
 * the worker only, the document's one writer; extension pages use readTenantSummariesForPage.
 */
export async function readTenantSummaries(settingsTenants?: readonly TenantConfig[]): Promise<TenantSummaries> {
  const tenants = await readStoredTenantSummaries();
  if (tenants) return tenants;
  // Read together, so the rebuilt document is written back right after the reads (no await in between).
  const { rebuilt, settingsTenants: tenantsNow } = await rebuildTenantSummaries(settingsTenants);
  await writeTenantSummaries(rebuilt, tenantsNow);
  await tenantSummariesItem.removeValue();
  return rebuilt;
}

/**
 * Every tenant's summary for an extension page (popup, options): a missing or unreadable document is
 * rebuilt in memory and never written, so a page cannot overwrite what the worker's round writes under
 * its lock meanwhile (the worker writes the rebuilt document at its next round).
 */
export async function readTenantSummariesForPage(): Promise<TenantSummaries> {
  return (await readStoredTenantSummaries()) ?? (await rebuildTenantSummaries()).rebuilt;
}

/**
 * Writes the document and, in the same transaction, the popup's first screen made from it for the tenants
 * of the settings read just before (sync/popup-first-screen.ts; a popup whose settings differ ignores it).
 */
export async function writeTenantSummaries(tenants: TenantSummaries, settingsTenants?: readonly TenantConfig[]): Promise<void> {
  const document = { schemaVersion: tenantSummariesSchemaVersion, tenants };
  const screen = popupFirstScreen(settingsTenants ?? (await readSettings()).tenants, tenants, Date.now());
  await inTransaction([metaStore], 'readwrite', async (transaction) => {
    const store = transaction.objectStore(metaStore);
    store.put({ name: summariesRecordName, document });
    store.put({ name: firstScreenRecordName, screen });
  });
  const channel = new BroadcastChannel(summariesChannelName);
  channel.postMessage('changed');
  channel.close();
}

/** Drops the document (sign-out), and the storage.local one of older versions. */
export async function removeTenantSummaries(): Promise<void> {
  await inTransaction([metaStore], 'readwrite', async (transaction) => {
    transaction.objectStore(metaStore).delete(summariesRecordName);
    transaction.objectStore(metaStore).delete(firstScreenRecordName);
  });
  await tenantSummariesItem.removeValue();
}

/**
 * Replaces the entries of the tenants just synced and drops those no longer configured. A tenant's open
 * task count is replaced when `openGuidedTasks` has its key, and kept otherwise.
 */
export async function updateTenantSummaries(
  synced: ReadonlyArray<TenantCache | TenantSyncRecord>,
  configuredKeys: ReadonlySet<string>,
  openGuidedTasks: ReadonlyMap<string, number | null | OpenTaskCount> = new Map(),
): Promise<TenantSummaries> {
  return withKeyLock(summariesLockKey, async () => {
    // The settings first: between reading the document and writing it back nothing else is awaited.
    const settingsTenants = (await readSettings()).tenants;
    const current = await readTenantSummaries(settingsTenants);
    const next = mergeTenantSummaries(current, synced, configuredKeys, openGuidedTasks);
    // Unchanged (a round's start with no tenant removed): no write, so no page reads it again. A first
    // screen made for other tenants (one renamed) is not used by the popup until the next write.
    if (JSON.stringify(next) !== JSON.stringify(current)) await writeTenantSummaries(next, settingsTenants);
    return next;
  });
}

/** Read-modify-writes of the summaries run one at a time (a sync round vs a quick action). */
const summariesLockKey = 'idb:tenantSummaries';

/** Changes one tenant's open task count by `delta` (a task just completed: -1); an unknown count stays unknown. */
export async function adjustOpenGuidedTasks(tenantKey: string, delta: number): Promise<void> {
  await withKeyLock(summariesLockKey, async () => {
    const next = adjustOpenGuidedTaskCount(await readTenantSummaries(), tenantKey, delta);
    if (next) await writeTenantSummaries(next);
  });
}
