import type { Handoff } from '../domain/classify-handoff';
import { countHandoffs } from '../domain/handoff-counts';
import type { CachedIncident } from './cached-incident';
import type { TenantCache } from './tenant-cache';

/**
 * A tenant's cache is stored as a small sync record plus one record per incident
 * (storage/tenant-cache-storage.ts), so a poll writes only the incidents that changed. What "changed"
 * means is here: the slim incident, or its handoff apart from `timeInStepMs`, which moves with the
 * clock on every poll (readers compute the wait from `stepSince`, portal/handoff-labels.ts).
 */

/** A tenant's cache without its incidents: what every poll writes (the counts are a few numbers). */
export type TenantSyncRecord = Omit<TenantCache, 'incidents'>;

export function syncRecordOf(cache: TenantCache): TenantSyncRecord {
  const { incidents: _incidents, ...record } = cache;
  return record;
}

export function joinTenantCache(record: TenantSyncRecord, incidents: Record<string, CachedIncident>): TenantCache {
  return { ...record, incidents };
}

/** The cache with some entries replaced, its counts counted again. */
export function withEntries(cache: TenantCache, entries: readonly CachedIncident[]): TenantCache {
  if (entries.length === 0) return cache;
  const incidents = { ...cache.incidents, ...Object.fromEntries(entries.map((entry) => [entry.incident.id, entry])) };
  return { ...cache, incidents, summary: countHandoffs(Object.values(incidents).map((entry) => entry.handoff)) };
}

/** Deep equality of JSON values (what the cache holds), without serialising them. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => key in right && sameJson(left[key], right[key]));
}

function sameHandoff(a: Handoff, b: Handoff): boolean {
  const keys = Object.keys(a) as Array<keyof Handoff>;
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => key === 'timeInStepMs' || sameJson(a[key], b[key]));
}

/** The same slim incident (as Graph last sent it). */
export function sameSlimIncident(a: CachedIncident['incident'], b: CachedIncident['incident']): boolean {
  return sameJson(a, b);
}

/** The same incident and handoff (the clock-driven `timeInStepMs` aside). */
export function sameCachedIncident(a: CachedIncident, b: CachedIncident): boolean {
  if (a === b) return true;
  return sameSlimIncident(a.incident, b.incident) && sameHandoff(a.handoff, b.handoff);
}

export interface IncidentChanges {
  /** Entries new or different in `after`. */
  changed: CachedIncident[];
  /** Ids in `before` that `after` dropped. */
  removed: string[];
}

export function incidentChanges(before: Readonly<Record<string, CachedIncident>>, after: Readonly<Record<string, CachedIncident>>): IncidentChanges {
  const changed: CachedIncident[] = [];
  for (const [id, entry] of Object.entries(after)) {
    const earlier = before[id];
    if (earlier === undefined || !sameCachedIncident(earlier, entry)) changed.push(entry);
  }
  const removed = Object.keys(before).filter((id) => !(id in after));
  return { changed, removed };
}

/** `stored` was updated on Graph after `polled` (a quick action's re-read landed while a poll was in flight). */
export function isNewerIncident(stored: CachedIncident, polled: CachedIncident): boolean {
  return Date.parse(stored.incident.lastUpdateDateTime ?? '') > Date.parse(polled.incident.lastUpdateDateTime ?? '');
}
