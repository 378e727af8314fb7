/**
 * Which tenants' data were purged since a moment (issue 16's review): work that reads first and writes
 * after an await (a hunt's set-up, remembering Defender Experts' queries after a Graph read) takes a
 * `mark()` before, and asks `purgedSince(mark, keys)` before it writes and after. A purge that came
 * meanwhile means the data must not be written (back). Only the last `kept` purges are remembered: a mark
 * older than them answers "purged" (the safe answer).
 */

export type PurgedTenants = readonly string[] | 'all';

export interface PurgeLog {
  /** Called by a purge before it deletes anything: the removed tenants' keys, or 'all' at sign-out. */
  record(tenantKeys: PurgedTenants): void;
  /** The moment to compare with later. */
  mark(): number;
  /** Whether a purge since `mark` removed any of `tenantKeys` (every purge of 'all' does). */
  purgedSince(mark: number, tenantKeys: Iterable<string>): boolean;
  /** The tenants purged since `mark` ('all' when a sign-out came, or when the mark is too old to tell). */
  purgedTenantsSince(mark: number): PurgedTenants;
}

export function createPurgeLog(kept = 100): PurgeLog {
  let generation = 0;
  const purges: Array<{ generation: number; tenantKeys: PurgedTenants }> = [];

  function purgedTenantsSince(mark: number): PurgedTenants {
    if (mark >= generation) return [];
    const oldest = purges[0]?.generation ?? generation + 1;
    if (mark + 1 < oldest) return 'all';
    const keys = new Set<string>();
    for (const purge of purges) {
      if (purge.generation <= mark) continue;
      if (purge.tenantKeys === 'all') return 'all';
      for (const key of purge.tenantKeys) keys.add(key);
    }
    return [...keys];
  }

  return {
    record(tenantKeys) {
      generation += 1;
      purges.push({ generation, tenantKeys: tenantKeys === 'all' ? 'all' : [...tenantKeys] });
      if (purges.length > kept) purges.shift();
    },
    mark: () => generation,
    purgedSince(mark, tenantKeys) {
      const purged = purgedTenantsSince(mark);
      if (purged === 'all') return true;
      if (purged.length === 0) return false;
      const removed = new Set(purged);
      for (const key of tenantKeys) if (removed.has(key)) return true;
      return false;
    },
    purgedTenantsSince,
  };
}

/** The worker's log of tenant-data purges (sign-out-purge.ts records every one before it deletes). */
export const tenantDataPurges: PurgeLog = createPurgeLog();
