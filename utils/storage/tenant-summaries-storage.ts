import { storage } from 'wxt/utils/storage';
import type { TenantSyncRecord } from '../sync/tenant-cache-diff';
import type { TenantCache } from '../sync/tenant-cache';
import {
  adjustOpenGuidedTaskCount,
  mergeTenantSummaries,
  parseTenantSummaries,
  summaryEntryOf,
  tenantSummariesDocument,
  type OpenTaskCount,
  type TenantSummaries,
} from '../sync/tenant-summaries';
import { withKeyLock } from './key-lock';
import { readAllTenantCaches } from './tenant-cache-storage';

/**
 * The tenant summaries document (sync/tenant-summaries.ts) in storage.local. The document carries its
 * own schemaVersion (checked on every read: a document this version cannot read is rebuilt from the
 * caches), so the item itself is version 1.
 */
export const tenantSummariesItem = storage.defineItem<unknown>('local:tenantSummaries', { version: 1 });

/** Every tenant's summary; built once from the caches when the document is missing or unreadable. */
export async function readTenantSummaries(
  /** The stored document when the caller already read it (one storage round trip for the popup). */
  stored?: unknown,
): Promise<TenantSummaries> {
  const parsed = parseTenantSummaries(stored === undefined ? await tenantSummariesItem.getValue() : stored);
  if (parsed) return parsed;
  const rebuilt = Object.fromEntries((await readAllTenantCaches()).map((cache) => [cache.tenantKey, summaryEntryOf(cache)]));
  await writeTenantSummaries(rebuilt);
  return rebuilt;
}

export async function writeTenantSummaries(tenants: TenantSummaries): Promise<void> {
  await tenantSummariesItem.setValue(tenantSummariesDocument(tenants));
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
    const current = await readTenantSummaries();
    const next = mergeTenantSummaries(current, synced, configuredKeys, openGuidedTasks);
    // Unchanged (a round's start with no tenant removed): no write, so no change event for every reader.
    if (JSON.stringify(next) !== JSON.stringify(current)) await writeTenantSummaries(next);
    return next;
  });
}

/** Read-modify-writes of the summaries run one at a time (a sync round vs a quick action). */
const summariesLockKey = 'local:tenantSummaries';

/** Changes one tenant's open task count by `delta` (a task just completed: -1); an unknown count stays unknown. */
export async function adjustOpenGuidedTasks(tenantKey: string, delta: number): Promise<void> {
  await withKeyLock(summariesLockKey, async () => {
    const next = adjustOpenGuidedTaskCount(await readTenantSummaries(), tenantKey, delta);
    if (next) await writeTenantSummaries(next);
  });
}

/** Calls `onChange` when the summaries change in any extension context. */
export function watchTenantSummaries(onChange: () => void): () => void {
  return tenantSummariesItem.watch(() => onChange());
}
