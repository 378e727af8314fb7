import { describe, expect, it } from 'vitest';
import { emptyTenantCache, type TenantCache } from '@/utils/sync/tenant-cache';
import {
  adjustOpenGuidedTaskCount,
  mergeTenantSummaries,
  parseTenantSummaries,
  summaryEntryOf,
  tenantSummariesDocument,
  tenantSummariesSchemaVersion,
} from '@/utils/sync/tenant-summaries';

function synced(key: string, awaitingYou: number): TenantCache {
  const empty = emptyTenantCache(key);
  return { ...empty, lastSuccessAt: '2026-11-27T10:00:00.000Z', status: { state: 'ok', message: null, retryAt: null }, summary: { ...empty.summary, awaitingYou } };
}

describe('tenant summaries (pure)', () => {
  it('merge keeps an open-task count unless the round counted it again', () => {
    const current = { a: summaryEntryOf(synced('a', 1), 3), b: summaryEntryOf(synced('b', 1), 5) };
    const next = mergeTenantSummaries(current, [synced('a', 2), synced('b', 2)], new Set(['a', 'b']), new Map([['b', null]]));
    expect(next.a).toMatchObject({ openGuidedTasks: 3, summary: { awaitingYou: 2 } });
    expect(next.b?.openGuidedTasks).toBeNull();
    expect(current.a.summary.awaitingYou).toBe(1); // the input is not changed
  });

  it('merge from a sync record alone (a poll that read no incidents) keeps the stored queue and takes the new state', () => {
    const queue = [{ incidentId: '7', severity: 'high' as const, since: '2026-11-27T09:00:00.000Z', rule: 'awaitingAction' as const }];
    const current = { a: { ...summaryEntryOf(synced('a', 1), 2), awaitingQueue: queue } };
    const { incidents: _none, ...record } = { ...synced('a', 1), lastSuccessAt: '2026-11-27T10:02:00.000Z' };
    const next = mergeTenantSummaries(current, [record], new Set(['a']));
    expect(next.a).toEqual({ ...current.a, lastSuccessAt: '2026-11-27T10:02:00.000Z' });
    // Counts a quick action wrote after the round read its records stay: the record's are older.
    const afterQuickAction = { a: { ...current.a, summary: { ...current.a.summary, awaitingYou: 0 } } };
    expect(mergeTenantSummaries(afterQuickAction, [record], new Set(['a'])).a?.summary.awaitingYou).toBe(0);
    // From a cache the queue is computed again (this cache has no incidents: empty).
    expect(mergeTenantSummaries(current, [synced('a', 1)], new Set(['a'])).a?.awaitingQueue).toEqual([]);
  });

  it('merge drops tenants no longer configured', () => {
    const current = { a: summaryEntryOf(synced('a', 1)), gone: summaryEntryOf(synced('gone', 1)) };
    expect(Object.keys(mergeTenantSummaries(current, [], new Set(['a'])))).toEqual(['a']);
  });

  it('adjust lowers a known count, never below 0, and leaves an unknown one unknown', () => {
    const current = { a: summaryEntryOf(synced('a', 1), 1), b: summaryEntryOf(synced('b', 1), null) };
    expect(adjustOpenGuidedTaskCount(current, 'a', -1)?.a?.openGuidedTasks).toBe(0);
    expect(adjustOpenGuidedTaskCount({ a: summaryEntryOf(synced('a', 1), 0) }, 'a', -1)?.a?.openGuidedTasks).toBe(0);
    expect(adjustOpenGuidedTaskCount(current, 'b', -1)).toBeNull();
    expect(adjustOpenGuidedTaskCount(current, 'missing', -1)).toBeNull();
  });

  it('parse refuses another schema version and reads documents written before openGuidedTasks', () => {
    expect(parseTenantSummaries({ schemaVersion: 3, tenants: {} })).toBeNull();
    expect(parseTenantSummaries(null)).toBeNull();
    const { openGuidedTasks: _dropped, ...old } = summaryEntryOf(synced('a', 1));
    expect(parseTenantSummaries({ schemaVersion: tenantSummariesSchemaVersion, tenants: { a: old } })?.a?.openGuidedTasks).toBeNull();
  });

  it('parse refuses version 1 documents (no awaiting queue), so they are rebuilt from the caches', () => {
    const { awaitingQueue: _dropped, ...old } = summaryEntryOf(synced('a', 1));
    expect(parseTenantSummaries({ schemaVersion: 1, tenants: { a: old } })).toBeNull();
    expect(parseTenantSummaries(tenantSummariesDocument({ a: summaryEntryOf(synced('a', 1)) }))?.a?.awaitingQueue).toEqual([]);
  });
});
