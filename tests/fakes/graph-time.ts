/**
 * Timestamps the way Graph writes them: ISO 8601 UTC with seven fractional digits,
 * e.g. 2026-03-01T10:15:30.1230000Z (JavaScript's toISOString has three).
 */
export function graphTimestamp(time: Date | number): string {
  return new Date(time).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}
