import { describe, expect, it } from 'vitest';
import { compareAwaiting, sortByAwaiting } from '@/utils/sync/awaiting-order';
import * as awaitingQueue from '@/utils/sync/awaiting-queue';

const item = (incidentId: string, severity: 'high' | 'medium' | 'low' | 'informational' | 'unknown', since: string) => ({ incidentId, severity, since });

describe('the order of incidents awaiting the partner (zod-free)', () => {
  it('puts the most severe first, then the longest waiting, then by id', () => {
    const items = [
      item('3', 'medium', '2026-12-01T08:00:00Z'),
      item('2', 'high', '2026-12-01T10:00:00Z'),
      item('1', 'high', '2026-12-01T09:00:00Z'),
      item('5', 'unknown', '2026-11-01T00:00:00Z'),
      item('4', 'high', '2026-12-01T09:00:00Z'),
    ];
    expect([...items].sort(compareAwaiting).map((entry) => entry.incidentId)).toEqual(['1', '4', '2', '3', '5']);
  });

  it('reads an unparseable time as the oldest, and is what awaiting-queue.ts exports (one definition)', () => {
    expect(compareAwaiting(item('1', 'low', 'soon'), item('2', 'low', '2026-12-01T09:00:00Z'))).toBeLessThan(0);
    expect(awaitingQueue.compareAwaiting).toBe(compareAwaiting);
  });

  it('sorts rows by their items as compareAwaiting orders them, ties by the given order, without changing its input', () => {
    const rows = [
      { tenant: 'B', item: item('7', 'high', '2026-12-01T09:00:00Z') },
      { tenant: 'A', item: item('7', 'high', '2026-12-01T09:00:00Z') },
      { tenant: 'C', item: item('1', 'low', '2026-11-01T09:00:00Z') },
      { tenant: 'D', item: item('2', 'high', 'not a time') },
    ];
    const sorted = sortByAwaiting(rows, (row) => row.item, (a, b) => a.tenant.localeCompare(b.tenant));
    expect(sorted.map((row) => row.tenant)).toEqual(['D', 'A', 'B', 'C']);
    expect(rows.map((row) => row.tenant)).toEqual(['B', 'A', 'C', 'D']);
    const byCompare = [...rows].sort((a, b) => compareAwaiting(a.item, b.item) || a.tenant.localeCompare(b.tenant));
    expect(sorted).toEqual(byCompare);
  });
});
