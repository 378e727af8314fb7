import { slimIncident, type CachedIncident } from './cached-incident';
import { changedSinceFilter } from './incident-filters';
import {
  classificationKey,
  defaultOverlapMs,
  failedPoll,
  mergeAnswer,
  mergeParseErrors,
  nextWatermark,
  noChanges,
  pollTenant,
  readChanges,
  type GraphAnswer,
  type PollTenantInput,
  type PollTenantResult,
  type TenantChanges,
} from './poll-tenant';
import type { TenantCache } from './tenant-cache';
import { sameSlimIncident, type TenantSyncRecord } from './tenant-cache-diff';

/**
 * pollTenant for a store that keeps the incidents apart from the sync record (the browser's IndexedDB):
 * a steady poll reads and writes the record alone. Graph is asked exactly as pollTenant asks it; only
 * what is read from storage differs.
 */

export interface PollFromRecordInput extends Omit<PollTenantInput, 'previous'> {
  /** The tenant's stored sync record (storage keeps the incidents apart). */
  record: TenantSyncRecord;
  /** The stored entries of these incidents, by id; missing or unreadable ones left out. */
  readEntries(ids: readonly string[]): Promise<Record<string, CachedIncident>>;
  /** The whole stored cache (null: unreadable), for a poll that has something to merge. */
  readCache(): Promise<TenantCache | null>;
}

/**
 * A poll from the sync record alone: `record` when Graph reported nothing the cache does not already
 * hold (the incidents and their handoffs stand as stored; only the sync state moves), else the full
 * poll with the stored cache it started from.
 */
export type PollFromRecordResult =
  | { kind: 'record'; record: TenantSyncRecord; changes: TenantChanges }
  | ({ kind: 'cache'; previous: TenantCache | null } & PollTenantResult);

/**
 * Whether a poll may start from the sync record: a tenant synced before, whose handoffs were classified
 * with today's service and aliases, none of whose closed incidents is due to leave the window, and
 * whose GUID is not still to be remembered in the settings (that moves the whole cache).
 */
export function canPollFromRecord(record: TenantSyncRecord, input: Pick<PollTenantInput, 'tenant' | 'aliases' | 'now'>): boolean {
  return (
    record.lastSuccessAt !== null &&
    record.watermark !== null &&
    record.classifiedWith === classificationKey(input.tenant.service, input.aliases) &&
    record.expiresAt !== undefined &&
    (record.expiresAt === null || input.now.getTime() < Date.parse(record.expiresAt)) &&
    !(input.tenant.resolvedTenantId === null && record.resolvedTenantId !== null)
  );
}

/**
 * pollTenant for a store that keeps the incidents apart from the sync record: a steady poll (Graph lists
 * nothing new, or only incidents exactly as stored, e.g. re-read by the watermark's overlap) reads the
 * answered incidents alone and classifies nothing; any difference takes the full poll. Never throws.
 */
export async function pollTenantFromRecord(input: PollFromRecordInput): Promise<PollFromRecordResult> {
  const { record, now } = input;
  const full = async (): Promise<PollFromRecordResult> => {
    const previous = await input.readCache();
    return { kind: 'cache', previous, ...(await pollTenant({ ...input, previous })) };
  };
  if (!canPollFromRecord(record, input)) return full();
  let answer: GraphAnswer;
  try {
    answer = await readChanges(input, changedSinceFilter(record.watermark ?? '', input.overlapMs ?? defaultOverlapMs));
  } catch (error) {
    return { kind: 'record', record: failedPoll(record, now, error), changes: noChanges(false) };
  }
  if (answer.errors.length === 0) {
    const ids = [...answer.incidents.keys()];
    const stored = ids.length === 0 ? {} : await input.readEntries(ids);
    const asStored = ids.every((id) => {
      const entry = stored[id];
      const incident = answer.incidents.get(id);
      return entry !== undefined && incident !== undefined && sameSlimIncident(entry.incident, slimIncident(incident));
    });
    if (asStored) {
      const polled: TenantSyncRecord = {
        ...record,
        watermark: nextWatermark(record.watermark, answer.incidents.values(), now, answer.answeredAt ?? null),
        lastAttemptAt: now.toISOString(),
        lastSuccessAt: now.toISOString(),
        status: { state: 'ok', message: null, retryAt: null },
        parseErrors: mergeParseErrors(record, answer),
      };
      return { kind: 'record', record: polled, changes: noChanges(false) };
    }
  }
  const previous = await input.readCache();
  // Gone meanwhile (removed, or written by another version): a first sync, as pollTenant would do.
  if (previous === null) return full();
  return { kind: 'cache', previous, ...mergeAnswer(input, previous, answer) };
}
