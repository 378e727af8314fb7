import { z } from 'zod';
import { handoffCountsSchema } from '../domain/handoff-counts';
import { awaitingItemSchema, awaitingQueueLimit, awaitingQueueOf } from './awaiting-queue';
import { syncStatusSchema, type TenantCache } from './tenant-cache';
import type { TenantSyncRecord } from './tenant-cache-diff';
import { tenantSummariesSchemaVersion } from './tenant-summaries-version';

/**
 * One small document with every tenant's state and counts, so the popup, the options page and the badge
 * never load the incident caches (tens of MB for hundreds of tenants) just to draw numbers. The sync
 * runner keeps it in step with the caches (storage/tenant-summaries-storage.ts). Each entry also lists
 * the tenant's first few incidents awaiting the partner (sync/awaiting-queue.ts): the popup's work queue
 * comes from here, never from the caches.
 */
export const tenantSummaryEntrySchema = z.object({
  tenantKey: z.string().min(1),
  resolvedTenantId: z.string().nullable(),
  status: syncStatusSchema,
  lastAttemptAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  summary: handoffCountsSchema,
  /**
   * Open guided-response tasks (Defender Experts' remediation tasks that are the partner's to do) of the
   * tenant's awaiting-action incidents, counted in the sync round; null when unknown or unavailable
   * (no such incidents, no Graph beta). Documents written before it existed read as null.
   */
  openGuidedTasks: z.number().int().nonnegative().nullable().default(null),
  /** When and against what that count was taken (sync/open-task-counts.ts), so a steady round reads no tasks. */
  openGuidedTasksCounted: z
    .object({ at: z.string().max(64), basis: z.string().max(256) })
    .nullable()
    .default(null),
  /** Its first incidents awaiting the partner's action, for the popup's "My queue" (sync/awaiting-queue.ts). */
  awaitingQueue: z.array(awaitingItemSchema).max(awaitingQueueLimit),
});
export type OpenTaskCountMark = NonNullable<z.infer<typeof tenantSummaryEntrySchema>['openGuidedTasksCounted']>;
/** A tenant's open task count as a round counted it (count null: unknown) and when. */
export interface OpenTaskCount {
  count: number | null;
  counted: OpenTaskCountMark | null;
}
export type TenantSummaryEntry = z.infer<typeof tenantSummaryEntrySchema>;
export type TenantSummaries = Record<string, TenantSummaryEntry>;

export { tenantSummariesSchemaVersion };

export const tenantSummariesSchema = z.object({
  schemaVersion: z.literal(tenantSummariesSchemaVersion),
  tenants: z.record(z.string(), tenantSummaryEntrySchema),
});

/** The stored document for `tenants`, as the storage module writes it. */
export function tenantSummariesDocument(tenants: TenantSummaries): z.infer<typeof tenantSummariesSchema> {
  return tenantSummariesSchema.parse({ schemaVersion: tenantSummariesSchemaVersion, tenants });
}

/**
 * A tenant's entry from its cache, or from its sync record alone when a poll found nothing new and read
 * no incidents: the queue is then the one stored before (`storedQueue`), as the incidents are.
 */
export function summaryEntryOf(
  cache: TenantCache | TenantSyncRecord,
  openGuidedTasks: number | null = null,
  openGuidedTasksCounted: OpenTaskCountMark | null = null,
  storedQueue: TenantSummaryEntry['awaitingQueue'] = [],
  storedSummary?: TenantSummaryEntry['summary'],
): TenantSummaryEntry {
  const { tenantKey, resolvedTenantId, status, lastAttemptAt, lastSuccessAt } = cache;
  const awaitingQueue = 'incidents' in cache ? awaitingQueueOf(cache.incidents) : storedQueue;
  // From a record alone the counts are as stored: a quick action during the round may have moved them
  // after the round read its records, and the record-only poll changed no incident.
  const summary = 'incidents' in cache ? cache.summary : (storedSummary ?? cache.summary);
  return { tenantKey, resolvedTenantId, status, lastAttemptAt, lastSuccessAt, summary, openGuidedTasks, openGuidedTasksCounted, awaitingQueue };
}

/** The stored document's tenants, or null when it is missing or unreadable (then rebuilt from the caches). */
export function parseTenantSummaries(stored: unknown): TenantSummaries | null {
  const parsed = tenantSummariesSchema.safeParse(stored);
  return parsed.success ? parsed.data.tenants : null;
}

/**
 * The summaries after a round: the entries of the tenants just synced replaced (from the sync record
 * alone, for a tenant whose poll read no incidents: its stored queue stays), those no longer
 * configured dropped. A tenant's open task count is replaced when `openGuidedTasks` has its key, and
 * kept otherwise.
 */
export function mergeTenantSummaries(
  current: TenantSummaries,
  synced: ReadonlyArray<TenantCache | TenantSyncRecord>,
  configuredKeys: ReadonlySet<string>,
  openGuidedTasks: ReadonlyMap<string, number | null | OpenTaskCount> = new Map(),
): TenantSummaries {
  const next = { ...current };
  for (const cache of synced) {
    const stored = current[cache.tenantKey];
    const value = openGuidedTasks.get(cache.tenantKey);
    const counted: OpenTaskCount = !openGuidedTasks.has(cache.tenantKey)
      ? { count: stored?.openGuidedTasks ?? null, counted: stored?.openGuidedTasksCounted ?? null }
      : typeof value === 'object' && value !== null
        ? value
        : { count: value ?? null, counted: stored?.openGuidedTasksCounted ?? null };
    next[cache.tenantKey] = summaryEntryOf(cache, counted.count, counted.counted, stored?.awaitingQueue, stored?.summary);
  }
  for (const key of Object.keys(next)) if (!configuredKeys.has(key)) delete next[key];
  return next;
}

/** One tenant's open task count changed by `delta` (a task just completed: -1); an unknown count stays unknown. */
export function adjustOpenGuidedTaskCount(current: TenantSummaries, tenantKey: string, delta: number): TenantSummaries | null {
  const entry = current[tenantKey];
  if (!entry || entry.openGuidedTasks === null) return null;
  return { ...current, [tenantKey]: { ...entry, openGuidedTasks: Math.max(0, entry.openGuidedTasks + delta) } };
}
