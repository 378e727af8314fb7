import '@/tests/support/fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { writeTenantCache } from '@/utils/storage/tenant-cache-storage';
import { emptyTenantCache, type TenantCache } from '@/utils/sync/tenant-cache';
import { tenantSummariesSchemaVersion } from '@/utils/sync/tenant-summaries';
import {
  adjustOpenGuidedTasks,
  readTenantSummaries,
  readTenantSummariesForPage,
  removeTenantSummaries,
  updateTenantSummaries,
  watchTenantSummaries,
} from '@/utils/storage/tenant-summaries-storage';
import { metaStore } from '@/utils/storage/handoff-database';
import { readStoredFirstScreen, readStoredTenantSummaries } from '@/utils/storage/tenant-summaries-record';
import { writeSettings } from '@/utils/storage/settings-storage';
import { defaultSettings, settingsSchema } from '@/utils/domain/settings';
import { firstScreenAt } from '@/utils/sync/popup-first-screen';

const guid = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

/** The storage.local key of versions before the document moved to IndexedDB (read once, then removed). */
const tenantSummariesKey = 'tenantSummaries';

/** Writes of the document (IndexedDB puts into the meta store) and change messages seen while `work` runs. */
async function writesDuring(work: () => Promise<unknown>): Promise<{ puts: number; told: number }> {
  let puts = 0;
  const put = IDBObjectStore.prototype.put;
  const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    if (this.name === metaStore) puts += 1;
    return put.call(this, value, key);
  });
  let told = 0;
  const stop = watchTenantSummaries(() => (told += 1));
  try {
    await work();
    // BroadcastChannel delivers on a later task.
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    spy.mockRestore();
    stop();
  }
  return { puts, told };
}

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
    // Kept (in IndexedDB): the next read builds nothing.
    await writeTenantCache(cache('c', 1));
    expect(Object.keys(await readTenantSummaries()).sort()).toEqual(['a', 'b']);
  });

  it('a page rebuilds a missing document in memory and writes nothing: only the worker writes it, under its lock', async () => {
    await writeTenantCache(cache('a', 2));
    const entry = { tenantKey: 'b', resolvedTenantId: null, status: cache('b', 0).status, lastAttemptAt: null, lastSuccessAt: null, summary: cache('b', 4).summary, awaitingQueue: [] };
    const { puts, told } = await writesDuring(async () => {
      expect(Object.keys(await readTenantSummariesForPage())).toEqual(['a']);
      await fakeBrowser.storage.local.set({ [tenantSummariesKey]: { schemaVersion: tenantSummariesSchemaVersion, tenants: { b: entry } } });
      expect((await readTenantSummariesForPage()).b?.summary.awaitingYou).toBe(4);
    });
    expect({ puts, told }).toEqual({ puts: 0, told: 0 });
    expect(await readStoredTenantSummaries()).toBeNull();
    // The older version's document stays for the worker to move.
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).toEqual([tenantSummariesKey]);
    // A stored document is read as it is.
    await updateTenantSummaries([cache('a', 7)], new Set(['a']));
    expect((await readTenantSummariesForPage()).a?.summary.awaitingYou).toBe(7);
  });

  it('never in storage.local (Firefox content scripts read it): the document of older versions is moved once, validated', async () => {
    const entry = { tenantKey: 'a', resolvedTenantId: null, status: cache('a', 0).status, lastAttemptAt: null, lastSuccessAt: null, summary: cache('a', 5).summary, awaitingQueue: [] };
    await fakeBrowser.storage.local.set({ [tenantSummariesKey]: { schemaVersion: tenantSummariesSchemaVersion, tenants: { a: entry } } });
    expect((await readTenantSummaries()).a?.summary.awaitingYou).toBe(5);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    const events: string[] = [];
    fakeBrowser.storage.onChanged.addListener((changes) => events.push(...Object.keys(changes)));
    await updateTenantSummaries([cache('a', 2)], new Set(['a']));
    expect(events).toEqual([]);
    expect((await readTenantSummaries()).a?.summary.awaitingYou).toBe(2);
    await removeTenantSummaries();
    await writeTenantCache(cache('b', 1));
    expect(Object.keys(await readTenantSummaries())).toEqual(['b']);
  });

  it('take the synced tenants and drop the ones no longer configured', async () => {
    await updateTenantSummaries([cache('a', 1), cache('b', 1)], new Set(['a', 'b']));
    const next = await updateTenantSummaries([cache('a', 7)], new Set(['a']));
    expect(Object.keys(next)).toEqual(['a']);
    expect((await readTenantSummaries()).a?.summary.awaitingYou).toBe(7);
  });

  it('are not written again when nothing in them changed; a write tells the pages watching', async () => {
    await updateTenantSummaries([cache('a', 1)], new Set(['a']));
    expect(
      await writesDuring(async () => {
        await updateTenantSummaries([], new Set(['a']));
        await updateTenantSummaries([cache('a', 1)], new Set(['a']));
      }),
    ).toEqual({ puts: 0, told: 0 });
    // The document and the popup's first screen, in one transaction.
    expect(await writesDuring(() => updateTenantSummaries([cache('a', 2)], new Set(['a'])))).toEqual({ puts: 2, told: 1 });
  });

  it("write the popup's first screen with the document, for the tenants of the settings at that write", async () => {
    const tenants = settingsSchema.parse({ tenants: [{ tenantId: guid, displayName: 'Contoso', service: 'xdr' }] }).tenants;
    await writeSettings({ ...defaultSettings, tenants });
    await updateTenantSummaries([cache(guid, 2)], new Set([guid]));
    const screen = firstScreenAt(await readStoredFirstScreen(), tenants, Date.now());
    expect(screen?.totals).toMatchObject({ awaitingYou: 2, tenants: 1 });
    expect(screen?.view).toBe('queue');
    // Renamed: the popup no longer uses it; the next write (the round's end) makes it again.
    const renamed = tenants.map((tenant) => ({ ...tenant, displayName: 'Contoso EMEA' }));
    await writeSettings({ ...defaultSettings, tenants: renamed });
    expect(firstScreenAt(await readStoredFirstScreen(), renamed, Date.now())).toBeNull();
    expect(await writesDuring(() => updateTenantSummaries([cache(guid, 3)], new Set([guid])))).toEqual({ puts: 2, told: 1 });
    expect(firstScreenAt(await readStoredFirstScreen(), renamed, Date.now())?.totals.awaitingYou).toBe(3);
    await removeTenantSummaries();
    expect(await readStoredFirstScreen()).toBeUndefined();
  });

  it('are rebuilt when the old document is corrupt', async () => {
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
