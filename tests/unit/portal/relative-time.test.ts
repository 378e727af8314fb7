import { describe, expect, it } from 'vitest';
import { formatDuration, relativeTime } from '@/utils/portal/relative-time';

const now = Date.parse('2026-11-27T12:00:00Z');

describe('relativeTime', () => {
  it.each([
    ['2026-11-27T11:59:30Z', 'just now'],
    ['2026-11-27T11:59:00Z', '1 minute ago'],
    ['2026-11-27T11:15:00Z', '45 minutes ago'],
    ['2026-11-27T09:00:00Z', '3 hours ago'],
    ['2026-11-25T12:00:00Z', '2 days ago'],
    ['2026-11-27T12:05:00Z', 'just now'],
    ['not a date', 'unknown'],
  ])('%s is %s', (from, expected) => {
    expect(relativeTime(from, now)).toBe(expected);
  });

  it('formats durations', () => {
    expect(formatDuration(0)).toBe('just now');
    expect(formatDuration(47 * 3_600_000)).toBe('47 hours');
  });
});
