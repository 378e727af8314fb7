import { describe, expect, it } from 'vitest';
import type { SavedHuntQuery } from '@/utils/hunting/hunt-model';
import { parseSavedQueriesFile, savedQueriesFile } from '@/utils/hunting/saved-queries-file';

const query = (id: string, name: string): SavedHuntQuery => ({ id, name, query: 'DeviceEvents | take 10', timespan: 'P7D', savedAt: 1_700 });

const ids = () => {
  let next = 0;
  return () => `new-${(next += 1)}`;
};

describe('saved queries file', () => {
  it('writes pretty JSON with format and version, and reads it back', () => {
    const queries = [query('a', 'Logons'), query('b', '<b>Procs</b>')];
    const text = savedQueriesFile(queries);
    expect(text.startsWith('{\n  "format": "handoff-hunting-queries",\n  "version": 1,\n  "queries": [\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({ format: 'handoff-hunting-queries', version: 1, queries });
    expect(parseSavedQueriesFile(text, 5, ids())).toEqual({ queries, errors: [] });
  });

  it('refuses what is not a queries file', () => {
    const refusal = { queries: [], errors: ['This is not a Handoff queries file.'] };
    for (const text of ['', 'not json', '[]', '{"queries": []}', '{"format": "other", "version": 1, "queries": []}', '{"format": "handoff-hunting-queries", "version": 1, "queries": {}}']) {
      expect(parseSavedQueriesFile(text, 5, ids())).toEqual(refusal);
    }
    expect(parseSavedQueriesFile('{"format": "handoff-hunting-queries", "version": 2, "queries": []}', 5, ids())).toEqual({
      queries: [],
      errors: ['This queries file is of another version 2; this Handoff reads version 1.'],
    });
  });

  it('skips bad queries naming their position, keeps the good ones, and re-makes missing or repeated ids', () => {
    const text = JSON.stringify({
      format: 'handoff-hunting-queries',
      version: 1,
      queries: [
        { id: 'a', name: 'First', query: 'A', timespan: 'P1D', savedAt: 10 },
        'junk',
        { id: 'a', name: ' Second ', query: ' B ', timespan: 'P30D' },
        { name: 'Third', query: 'C' },
        { id: 'x', name: 'Bad span', query: 'D', timespan: 'P2D' },
        { id: 'y', query: 'E' },
        { id: 'z', name: 'Empty', query: '   ' },
        { id: 'w', name: 'Long', query: 'q'.repeat(20_001) },
        { id: 'v', name: 'Time', query: 'F', savedAt: -1 },
        { id: 'i'.repeat(65), name: 'Long id', query: 'G', savedAt: 3 },
      ],
    });
    expect(parseSavedQueriesFile(text, 500, ids())).toEqual({
      queries: [
        { id: 'a', name: 'First', query: 'A', timespan: 'P1D', savedAt: 10 },
        { id: 'new-1', name: 'Second', query: 'B', timespan: 'P30D', savedAt: 500 },
        { id: 'new-2', name: 'Third', query: 'C', timespan: 'P7D', savedAt: 500 },
        { id: 'new-3', name: 'Long id', query: 'G', timespan: 'P7D', savedAt: 3 },
      ],
      errors: [
        'Query 2: not a query.',
        'Query 5 ("Bad span"): The time span must be P1D, P7D or P30D.',
        'Query 6: Name the query.',
        'Query 7 ("Empty"): Write a query first.',
        'Query 8 ("Long"): Keep the query under 20,000 characters.',
        'Query 9 ("Time"): Its save time is not a time.',
      ],
    });
  });
});
