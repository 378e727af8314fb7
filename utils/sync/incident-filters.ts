/**
 * The OData $filter of each kind of poll. Graph compares DateTimeOffset properties with unquoted
 * literals (2026-11-27T10:00:00Z; a quoted one is an error). Literals are cut to whole seconds,
 * rounding down, so a cut never skips an update.
 */

/** A Graph DateTimeOffset literal: ISO 8601 UTC, whole seconds, unquoted. */
export function graphDateTimeLiteral(time: Date | number): string {
  const ms = typeof time === 'number' ? time : time.getTime();
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const dayMs = 24 * 3600_000;

/**
 * First sync (or no watermark yet): every open incident, whatever its age, and whatever changed within
 * the window (so recently resolved incidents show as reviews and the summary has its closed count).
 */
export function firstSyncFilter(now: Date, windowDays: number): string {
  return `status ne 'resolved' or lastUpdateDateTime ge ${graphDateTimeLiteral(now.getTime() - windowDays * dayMs)}`;
}

/**
 * Later polls: what changed since the watermark (on Graph's clock: the latest update seen or Graph's
 * time at its last answer, poll-tenant.ts nextWatermark), minus an overlap for updates Graph stamped
 * just before the watermark but indexed after our last read (and small clock differences between
 * Graph's nodes). Re-reading the overlap costs a few incidents; merging by id removes the duplicates.
 */
export function changedSinceFilter(watermark: string, overlapMs: number): string {
  return `lastUpdateDateTime ge ${graphDateTimeLiteral(Date.parse(watermark) - overlapMs)}`;
}

/** Reconciliation (reconcile-tenant.ts): the ids of every incident still open, whatever its age. */
export const openIncidentsFilter = "status ne 'resolved'";
