import type { IncidentSeverity } from '../domain/incident-schema';

/**
 * The order of the incidents awaiting the partner (awaiting-queue.ts), zod-free: the popup's first paint
 * sorts its queue by it (sync/work-queue.ts) without loading the schemas.
 */

/** What the order reads of an awaiting item (awaiting-queue.ts's AwaitingItem). */
interface Ordered {
  incidentId: string;
  severity: IncidentSeverity;
  since: string;
}

const severityRank: Record<IncidentSeverity, number> = {
  high: 4,
  medium: 3,
  low: 2,
  informational: 1,
  unknown: 0,
  unknownFutureValue: 0,
};

interface OrderKey {
  rank: number;
  since: number;
  id: string;
}

const orderKey = (item: Ordered): OrderKey => ({ rank: severityRank[item.severity], since: Date.parse(item.since) || 0, id: item.incidentId });

const compareKeys = (a: OrderKey, b: OrderKey): number => b.rank - a.rank || a.since - b.since || a.id.localeCompare(b.id);

/** Most severe first; then the longest waiting; then by id, so the order never depends on input order. */
export function compareAwaiting(a: Ordered, b: Ordered): number {
  return compareKeys(orderKey(a), orderKey(b));
}

/**
 * `rows` in the order of their items (compareAwaiting), then by `tie`: each item's time is parsed once,
 * not at every comparison (the popup sorts 1,500 rows at 500 tenants).
 */
export function sortByAwaiting<T>(rows: readonly T[], itemOf: (row: T) => Ordered, tie: (a: T, b: T) => number): T[] {
  return rows
    .map((row) => ({ row, key: orderKey(itemOf(row)) }))
    .sort((a, b) => compareKeys(a.key, b.key) || tie(a.row, b.row))
    .map((keyed) => keyed.row);
}
