import '@/tests/support/fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { writeTenantCache } from '@/utils/storage/tenant-cache-storage';
import { emptyTenantCache, type TenantCache } from '@/utils/sync/tenant-cache';
import { tenantSummariesSchemaVersion } from '@/utils/sync/tenant-summaries';
import { adjustOpenGuidedTasks, readTenantSummaries, updateTenantSummaries } from '@/utils/storage/tenant-summaries-storage';

/** The storage key the document lives under (a stored format: changing it loses every summary). */
const tenantSummariesKey = 'tenantSummaries';

function cache(key: string, awaitingYou: number): TenantCache {
  const empty = emptyTenantCache(key);
  return {
    ...empty,
    lastSuccessAt: '2026-11-27T10:00:00.000Z',
    status: { state: 'ok', message: null, retryAt: null },
    summary: { ...empty.summary, awaitingYou },
  };
}

describe('tenant summaries', () => {
  beforeEach(() => fakeBrowser.reset());

  it('are rebuilt from the caches when the document is missing', async () => {
    await writeTenantCache(cache('a', 2));
    await writeTenantCache(cache('b', 3));
    const summaries = await readTenantSummaries();
    expect(Object.keys(summaries).sort()).toEqual(['a', 'b']);
    expect(summaries.b?.summary.awaitingYou).toBe(3);
    expect(await fakeBrowser.storage.local.get(tenantSummariesKey)).toHaveProperty(tenantSummariesKey);
  });

  it('take the synced tenants and drop the ones no longer configured', async () => {
    await updateTenantSummaries([cache('a', 1), cache('b', 1)], new Set(['a', 'b']));
    const next = await updateTenantSummaries([cache('a', 7)], new Set(['a']));
    expect(Object.keys(next)).toEqual(['a']);
    expect((await readTenantSummaries()).a?.summary.awaitingYou).toBe(7);
  });

  it('are not written again when nothing in them changed (no change event for every reader)', async () => {
    await updateTenantSummaries([cache('a', 1)], new Set(['a']));
    const events: string[] = [];
    fakeBrowser.storage.onChanged.addListener((changes) => events.push(...Object.keys(changes)));
    await updateTenantSummaries([], new Set(['a']));
    await updateTenantSummaries([cache('a', 1)], new Set(['a']));
    expect(events).toEqual([]);
    await updateTenantSummaries([cache('a', 2)], new Set(['a']));
    expect(events).toEqual([tenantSummariesKey]);
  });

  it('are rebuilt when the stored document is corrupt', async () => {
    await writeTenantCache(cache('a', 4));
    await fakeBrowser.storage.local.set({ [tenantSummariesKey]: { schemaVersion: 99, tenants: 'junk' } });
    expect((await readTenantSummaries()).a?.summary.awaitingYou).toBe(4);
  });
});

describe('open guided task counts in tenant summaries', () => {
  beforeEach(() => fakeBrowser.reset());

  it('read as null from documents written before the count existed', async () => {
    const entry = { tenantKey: 'a', resolvedTenantId: null, status: cache('a', 0).status, lastAttemptAt: null, lastSuccessAt: null, summary: cache('a', 0).summary, awaitingQueue: [] };
    await fakeBrowser.storage.local.set({ [tenantSummariesKey]: { schemaVersion: tenantSummariesSchemaVersion, tenants: { a: entry } } });
    expect((await readTenantSummaries()).a?.openGuidedTasks).toBeNull();
  });

  it('are replaced when counted, kept when not, and lowered at once when a task is completed', async () => {
    await updateTenantSummaries([cache('a', 1), cache('b', 1)], new Set(['a', 'b']), new Map([['a', 3]]));
    await updateTenantSummaries([cache('a', 1), cache('b', 1)], new Set(['a', 'b']));
    expect((await readTenantSummaries()).a?.openGuidedTasks).toBe(3);
    await adjustOpenGuidedTasks('a', -1);
    await adjustOpenGuidedTasks('b', -1);
    const summaries = await readTenantSummaries();
    expect(summaries.a?.openGuidedTasks).toBe(2);
    expect(summaries.b?.openGuidedTasks).toBeNull();
  });
});
