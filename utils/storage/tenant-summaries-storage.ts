import { browser } from 'wxt/browser';
import { z } from 'zod';
import { handoffSummarySchema } from '../domain/classify-handoff';
import { readAllTenantCaches } from './tenant-cache-storage';
import { syncStatusSchema, type TenantCache } from '../sync/tenant-cache';

/**
 * One small document with every tenant's state and counts, so the popup, the options page and the badge
 * never load the incident caches (tens of MB for hundreds of tenants) just to draw numbers. The sync
 * runner keeps it in step with the caches; incidents are read per tenant, only when a list is opened.
 */
export const tenantSummaryEntrySchema = z.object({
  tenantKey: z.string().min(1),
  resolvedTenantId: z.string().nullable(),
  status: syncStatusSchema,
  lastAttemptAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  summary: handoffSummarySchema,
  /**
   * Open guided-response tasks (Defender Experts' remediation tasks that are the partner's to do) of the
   * tenant's awaiting-action incidents, counted in the sync round; null when unknown or unavailable
   * (no such incidents, no Graph beta). Documents written before it existed read as null.
   */
  openGuidedTasks: z.number().int().nonnegative().nullable().default(null),
});
export type TenantSummaryEntry = z.infer<typeof tenantSummaryEntrySchema>;

export const tenantSummariesSchema = z.object({
  schemaVersion: z.literal(1),
  tenants: z.record(z.string(), tenantSummaryEntrySchema),
});

export const tenantSummariesKey = 'tenantSummaries';

export function summaryEntryOf(cache: TenantCache, openGuidedTasks: number | null = null): TenantSummaryEntry {
  const { tenantKey, resolvedTenantId, status, lastAttemptAt, lastSuccessAt, summary } = cache;
  return { tenantKey, resolvedTenantId, status, lastAttemptAt, lastSuccessAt, summary, openGuidedTasks };
}

/** Every tenant's summary; built once from the caches when the document is missing or unreadable. */
export async function readTenantSummaries(
  /** The stored document when the caller already read it (one storage round trip for the popup). */
  stored?: unknown,
): Promise<Record<string, TenantSummaryEntry>> {
  const raw = stored === undefined ? (await browser.storage.local.get(tenantSummariesKey))[tenantSummariesKey] : stored;
  const parsed = tenantSummariesSchema.safeParse(raw);
  if (parsed.success) return parsed.data.tenants;
  const rebuilt = Object.fromEntries((await readAllTenantCaches()).map((cache) => [cache.tenantKey, summaryEntryOf(cache)]));
  await writeTenantSummaries(rebuilt);
  return rebuilt;
}

export async function writeTenantSummaries(tenants: Record<string, TenantSummaryEntry>): Promise<void> {
  await browser.storage.local.set({ [tenantSummariesKey]: tenantSummariesSchema.parse({ schemaVersion: 1, tenants }) });
}

/**
 * Replaces the entries of the tenants just synced and drops those no longer configured. A tenant's open
 * task count is replaced when `openGuidedTasks` has its key, and kept otherwise.
 */
export async function updateTenantSummaries(
  synced: readonly TenantCache[],
  configuredKeys: ReadonlySet<string>,
  openGuidedTasks: ReadonlyMap<string, number | null> = new Map(),
): Promise<Record<string, TenantSummaryEntry>> {
  const current = await readTenantSummaries();
  for (const cache of synced) {
    const count = openGuidedTasks.has(cache.tenantKey)
      ? (openGuidedTasks.get(cache.tenantKey) ?? null)
      : (current[cache.tenantKey]?.openGuidedTasks ?? null);
    current[cache.tenantKey] = summaryEntryOf(cache, count);
  }
  for (const key of Object.keys(current)) if (!configuredKeys.has(key)) delete current[key];
  await writeTenantSummaries(current);
  return current;
}

/** Changes one tenant's open task count by `delta` (a task just completed: -1); an unknown count stays unknown. */
export async function adjustOpenGuidedTasks(tenantKey: string, delta: number): Promise<void> {
  const current = await readTenantSummaries();
  const entry = current[tenantKey];
  if (!entry || entry.openGuidedTasks === null) return;
  current[tenantKey] = { ...entry, openGuidedTasks: Math.max(0, entry.openGuidedTasks + delta) };
  await writeTenantSummaries(current);
}

/** Calls `onChange` when the summaries change in any extension context. */
export function watchTenantSummaries(onChange: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && tenantSummariesKey in changes) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
