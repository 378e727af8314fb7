import '@/tests/support/fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { tenantConfigSchema } from '@/utils/domain/settings';
import { incidentsStore, inTransaction, syncRecordsStore } from '@/utils/storage/handoff-database';
import {
  commitPolledTenantCache,
  commitSyncRecord,
  onTenantCacheChanged,
  readIncidentEntries,
  readSyncRecord,
  readAllTenantCaches,
  readTenantCache,
  removeTenantCache,
  writeTenantCache,
} from '@/utils/storage/tenant-cache-storage';
import { pollTenant, pollTenantFromRecord } from '@/utils/sync/poll-tenant';
import { syncRecordOf } from '@/utils/sync/tenant-cache-diff';
import { emptyTenantCache, type TenantCache } from '@/utils/sync/tenant-cache';
import { benchTenantId, generateBenchTenant } from '../../bench/generate-bench-tenants';

const contosoKey = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikamKey = 'fabrikam.example';

function synced(key: string): TenantCache {
  return {
    ...emptyTenantCache(key),
    lastAttemptAt: '2026-11-27T12:00:00.000Z',
    lastSuccessAt: '2026-11-27T12:00:00.000Z',
    status: { state: 'ok', message: null, retryAt: null },
  };
}

/** Bytes (JSON) put into each IndexedDB store while `work` runs, as the browser bench counts them. */
async function bytesPut(work: () => Promise<unknown>): Promise<Record<string, number>> {
  const written: Record<string, number> = {};
  const put = IDBObjectStore.prototype.put;
  const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    written[this.name] = (written[this.name] ?? 0) + JSON.stringify(value).length;
    return put.call(this, value, key);
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return written;
}

/** A tenant of the bench world (300 incidents with alerts), polled by pollTenant from a fake Graph list. */
const now = Date.parse('2026-11-27T12:00:00Z');
const benchTenant = generateBenchTenant(0, 300, now);
const tenant = tenantConfigSchema.parse({ tenantId: benchTenantId(0), resolvedTenantId: benchTenantId(0), displayName: 'Customer 1', service: benchTenant.service });
const listing = (incidents: unknown[]) => ({
  async *listIncidents() {
    yield incidents;
  },
});
const poll = async (incidents: unknown[], at: number) =>
  (await pollTenant({ tenant, previous: await readTenantCache(tenant.tenantId), graph: listing(incidents), now: new Date(at) })).cache;

describe('tenant caches in the extension IndexedDB', () => {
  beforeEach(() => fakeBrowser.reset());

  it('keeps nothing in storage.local (content scripts can read it on Firefox): a sync record and one record per incident', async () => {
    await commitPolledTenantCache(await poll(benchTenant.incidents.slice(0, 3), now));
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    const [records, incidents] = await inTransaction([syncRecordsStore, incidentsStore], 'readonly', async (transaction) => [
      await new Promise<unknown[]>((resolve) => (transaction.objectStore(syncRecordsStore).getAll().onsuccess = (event) => resolve((event.target as IDBRequest<unknown[]>).result))),
      await new Promise<unknown[]>((resolve) => (transaction.objectStore(incidentsStore).getAllKeys().onsuccess = (event) => resolve((event.target as IDBRequest<unknown[]>).result))),
    ]);
    expect(records).toHaveLength(1);
    expect(incidents).toHaveLength(3);
  });

  it('reads back what was written, and null for a tenant never written', async () => {
    await writeTenantCache(synced(contosoKey));
    expect(await readTenantCache(contosoKey)).toEqual(synced(contosoKey));
    expect(await readTenantCache(fabrikamKey)).toBeNull();
  });

  it('reads a record of another version as null (resync), never throws', async () => {
    await inTransaction([syncRecordsStore], 'readwrite', async (transaction) => {
      transaction.objectStore(syncRecordsStore).put({ tenantKey: contosoKey, schemaVersion: 99 });
    });
    expect(await readTenantCache(contosoKey)).toBeNull();
  });

  it('refuses to write an invalid cache', async () => {
    await expect(writeTenantCache({ ...synced(contosoKey), watermark: 'not a date' })).rejects.toThrow();
    expect(await readTenantCache(contosoKey)).toBeNull();
  });

  it('removes one tenant (a key that is a prefix of another included) and reads all the others', async () => {
    await writeTenantCache(synced(contosoKey));
    await writeTenantCache(synced(fabrikamKey));
    await writeTenantCache(synced(`${fabrikamKey}x`));
    await commitPolledTenantCache(await poll(benchTenant.incidents.slice(0, 2), now));
    expect((await readAllTenantCaches()).map((cache) => cache.tenantKey).sort()).toEqual([tenant.tenantId, contosoKey, fabrikamKey, `${fabrikamKey}x`].sort());
    await removeTenantCache(fabrikamKey);
    await removeTenantCache(tenant.tenantId);
    expect((await readAllTenantCaches()).map((cache) => cache.tenantKey).sort()).toEqual([contosoKey, `${fabrikamKey}x`]);
    expect(await readTenantCache(tenant.tenantId)).toBeNull();
  });
});

describe('a steady poll (issue 12: make the steady round cheap)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('writes only the small sync record when no incident changed (the whole ~120 KB cache before)', async () => {
    const first = await poll(benchTenant.incidents, now);
    await commitPolledTenantCache(first);
    const wholeDocument = JSON.stringify(first).length;
    // Ten minutes later Graph has nothing new; every handoff's timeInStepMs moved with the clock.
    const steady = await poll([], now + 10 * 60_000);
    const written = await bytesPut(() => commitPolledTenantCache(steady));
    console.info(`[steady poll] 300 incidents: ${wholeDocument} bytes per write before, ${JSON.stringify(written)} now`);
    expect(Object.keys(written)).toEqual([syncRecordsStore]);
    expect(written[syncRecordsStore]).toBeLessThanOrEqual(2048);
    expect(wholeDocument).toBeGreaterThan(50 * written[syncRecordsStore]!);
    expect((await readTenantCache(tenant.tenantId))?.lastAttemptAt).toBe(new Date(now + 10 * 60_000).toISOString());
  });

  it('writes one incident record for one changed incident, and tells listeners; a steady poll tells nobody', async () => {
    await commitPolledTenantCache(await poll(benchTenant.incidents, now));
    const told: string[] = [];
    const stop = onTenantCacheChanged((key) => told.push(key));
    await commitPolledTenantCache(await poll([], now + 60_000));
    expect(told).toEqual([]);
    const changed: Record<string, unknown> = { ...(benchTenant.incidents[5] as Record<string, unknown>), status: 'resolved', lastUpdateDateTime: new Date(now + 90_000).toISOString() };
    const written = await bytesPut(async () => commitPolledTenantCache(await poll([changed], now + 120_000)));
    stop();
    expect(Object.keys(written).sort()).toEqual([incidentsStore, syncRecordsStore].sort());
    expect(written[incidentsStore]).toBeLessThan(4096);
    expect(told).toEqual([tenant.tenantId]);
    expect((await readTenantCache(tenant.tenantId))?.incidents[String(changed['id'])]?.incident.status).toBe('resolved');
  });

  it('drops an incident the poll dropped', async () => {
    await commitPolledTenantCache(await poll(benchTenant.incidents.slice(0, 3), now));
    const cache = (await readTenantCache(tenant.tenantId))!;
    const [dropped] = Object.keys(cache.incidents);
    const { [dropped!]: _gone, ...kept } = cache.incidents;
    await commitPolledTenantCache({ ...cache, incidents: kept });
    expect(Object.keys((await readTenantCache(tenant.tenantId))!.incidents).sort()).toEqual(Object.keys(kept).sort());
  });
});

describe('a poll from the sync record alone (nothing new: no incident read, classified or written)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads the record and only the incidents asked for; writes the record alone, ~1 KB', async () => {
    const first = await poll(benchTenant.incidents, now);
    await commitPolledTenantCache(first);
    expect(await readSyncRecord(tenant.tenantId)).toEqual(syncRecordOf(first));
    expect(await readSyncRecord('nobody.example')).toBeNull();
    const [a, b] = Object.keys(first.incidents);
    expect(await readIncidentEntries(tenant.tenantId, [a!, 'missing', b!])).toEqual({ [a!]: first.incidents[a!], [b!]: first.incidents[b!] });

    const getAll = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    const later = new Date(now + 10 * 60_000);
    const result = await pollTenantFromRecord({
      tenant,
      now: later,
      record: (await readSyncRecord(tenant.tenantId))!,
      graph: listing([]),
      readEntries: (ids) => readIncidentEntries(tenant.tenantId, ids),
      readCache: () => readTenantCache(tenant.tenantId),
    });
    if (result.kind !== 'record') throw new Error('expected a record-only poll');
    const written = await bytesPut(() => commitSyncRecord(result.record));
    expect(getAll).not.toHaveBeenCalled();
    getAll.mockRestore();
    expect(Object.keys(written)).toEqual([syncRecordsStore]);
    expect(written[syncRecordsStore]).toBeLessThanOrEqual(2048);
    const stored = (await readTenantCache(tenant.tenantId))!;
    expect(stored.lastSuccessAt).toBe(later.toISOString());
    expect(stored.incidents).toEqual(first.incidents);
  });

  it('lays the poll\'s sync state onto the record as stored now: counts a quick action wrote meanwhile stay', async () => {
    const first = await poll(benchTenant.incidents, now);
    await commitPolledTenantCache(first);
    const polledFrom = (await readSyncRecord(tenant.tenantId))!;
    // Meanwhile a quick action rewrote the record's counts.
    const quickAction = { ...first, summary: { ...first.summary, awaitingYou: first.summary.awaitingYou + 1 } };
    await commitPolledTenantCache(quickAction);
    const told: string[] = [];
    const stop = onTenantCacheChanged((key) => told.push(key));
    const failing = { ...polledFrom, lastAttemptAt: new Date(now + 60_000).toISOString(), status: { state: 'throttled' as const, message: 'Too many requests.', retryAt: null } };
    await commitSyncRecord(failing);
    await commitSyncRecord({ ...failing, lastAttemptAt: new Date(now + 120_000).toISOString() });
    stop();
    const stored = (await readSyncRecord(tenant.tenantId))!;
    expect(stored.summary).toEqual(quickAction.summary);
    expect(stored.status).toEqual(failing.status);
    expect(stored.lastAttemptAt).toBe(new Date(now + 120_000).toISOString());
    // Told once, when the status changed; not again for the same status.
    expect(told).toEqual([tenant.tenantId]);
  });

  it('writes nothing for a tenant whose record is gone (removed meanwhile): the next poll syncs it afresh', async () => {
    const first = await poll(benchTenant.incidents, now);
    await commitPolledTenantCache(first);
    const record = (await readSyncRecord(tenant.tenantId))!;
    await removeTenantCache(tenant.tenantId);
    await commitSyncRecord({ ...record, lastAttemptAt: new Date(now + 60_000).toISOString() });
    expect(await readSyncRecord(tenant.tenantId)).toBeNull();
  });
});
