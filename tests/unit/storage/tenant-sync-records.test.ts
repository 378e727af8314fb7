import '@/tests/support/fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { syncRecordsStore } from '@/utils/storage/handoff-database';
import { commitPolledTenantCache, onTenantCacheChanged, readTenantCache, removeTenantCache } from '@/utils/storage/tenant-cache-storage';
import { commitSyncRecords, readIncidentEntries, readSyncRecord, roundSyncRecords } from '@/utils/storage/tenant-sync-records';
import { pollTenantFromRecord } from '@/utils/sync/poll-tenant-from-record';
import { syncRecordOf } from '@/utils/sync/tenant-cache-diff';
import { benchTenant, bytesPut, listing, now, poll, tenant } from '../../support/bench-tenant-cache';

const throttled = { state: 'throttled' as const, message: 'Too many requests.', retryAt: null };

describe('sync records apart from the incidents (a poll that finds nothing new)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads the record and only the incidents asked for; writes the record alone, under 2 KiB', async () => {
    const first = await poll(benchTenant.incidents, now);
    await commitPolledTenantCache(first);
    expect(await readSyncRecord(tenant.tenantId)).toEqual(syncRecordOf(first));
    expect(await readSyncRecord('nobody.example')).toBeNull();
    const [a, b] = Object.keys(first.incidents);
    expect(await readIncidentEntries(tenant.tenantId, [a!, 'missing', b!])).toEqual({ [a!]: first.incidents[a!], [b!]: first.incidents[b!] });

    const getAllOn: string[] = [];
    const realGetAll = IDBObjectStore.prototype.getAll;
    const getAll = vi.spyOn(IDBObjectStore.prototype, 'getAll').mockImplementation(function (this: IDBObjectStore, ...args) {
      getAllOn.push(this.name);
      return realGetAll.apply(this, args);
    });
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
    const written = await bytesPut(() => commitSyncRecords([result.record]));
    // The commit's one read of the records; never the tenant's incidents.
    expect(getAllOn).toEqual([syncRecordsStore]);
    getAll.mockRestore();
    expect(Object.keys(written)).toEqual([syncRecordsStore]);
    expect(written[syncRecordsStore]).toBeLessThanOrEqual(2048);
    const stored = (await readTenantCache(tenant.tenantId))!;
    expect(stored.lastSuccessAt).toBe(later.toISOString());
    expect(stored.incidents).toEqual(first.incidents);
  });

  it("lays the poll's sync state onto the record as stored now: counts a quick action wrote meanwhile stay", async () => {
    const first = await poll(benchTenant.incidents, now);
    await commitPolledTenantCache(first);
    const polledFrom = (await readSyncRecord(tenant.tenantId))!;
    // Meanwhile a quick action rewrote the record's counts.
    const quickAction = { ...first, summary: { ...first.summary, awaitingYou: first.summary.awaitingYou + 1 } };
    await commitPolledTenantCache(quickAction);
    const told: string[] = [];
    const stop = onTenantCacheChanged((key) => told.push(key));
    const failing = { ...polledFrom, lastAttemptAt: new Date(now + 60_000).toISOString(), status: throttled };
    await commitSyncRecords([failing]);
    await commitSyncRecords([{ ...failing, lastAttemptAt: new Date(now + 120_000).toISOString() }]);
    stop();
    const stored = (await readSyncRecord(tenant.tenantId))!;
    expect(stored.summary).toEqual(quickAction.summary);
    expect(stored.status).toEqual(throttled);
    expect(stored.lastAttemptAt).toBe(new Date(now + 120_000).toISOString());
    // Told once, when the status changed; not again for the same status.
    expect(told).toEqual([tenant.tenantId]);
  });

  it("commits many tenants' records with one read of the stored ones, each laid onto its own stored record", async () => {
    const first = await poll(benchTenant.incidents, now);
    const other = { ...first, tenantKey: 'fabrikam.example' };
    await commitPolledTenantCache(first);
    await commitPolledTenantCache(other);
    const storedOther = (await readSyncRecord(other.tenantKey))!;
    const get = vi.spyOn(IDBObjectStore.prototype, 'get');
    const getAll = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    const at = new Date(now + 60_000).toISOString();
    // The polls' records carry stale counts: the stored ones (e.g. a quick action's) stay.
    await commitSyncRecords([
      { ...syncRecordOf(first), lastAttemptAt: at, summary: { ...first.summary, total: 999 } },
      { ...storedOther, lastAttemptAt: at, status: throttled },
    ]);
    expect([get.mock.calls.length, getAll.mock.calls.length]).toEqual([0, 1]);
    get.mockRestore();
    getAll.mockRestore();
    expect(await readSyncRecord(tenant.tenantId)).toEqual({ ...syncRecordOf(first), lastAttemptAt: at });
    expect(await readSyncRecord(other.tenantKey)).toEqual({ ...storedOther, lastAttemptAt: at, status: throttled });
  });

  it('writes nothing for a tenant whose record is gone (removed meanwhile): the next poll syncs it afresh', async () => {
    await commitPolledTenantCache(await poll(benchTenant.incidents, now));
    const record = (await readSyncRecord(tenant.tenantId))!;
    await removeTenantCache(tenant.tenantId);
    await commitSyncRecords([{ ...record, lastAttemptAt: new Date(now + 60_000).toISOString() }]);
    expect(await readSyncRecord(tenant.tenantId)).toBeNull();
  });

  it("a round reads every record in one transaction and writes its polls' records in one, at flush", async () => {
    await commitPolledTenantCache(await poll(benchTenant.incidents, now));
    const transactions = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const round = roundSyncRecords();
    const record = (await round.read(tenant.tenantId))!;
    expect(record).toEqual(await readSyncRecord(tenant.tenantId));
    expect(await round.read('nobody.example')).toBeNull();
    transactions.mockClear();
    await round.read(tenant.tenantId);
    expect(transactions).not.toHaveBeenCalled();
    await round.write({ ...record, status: throttled });
    expect((await readSyncRecord(tenant.tenantId))?.status.state).toBe('ok');
    transactions.mockClear();
    await round.flush();
    expect(transactions.mock.calls.map(([stores, mode]) => [stores, mode])).toEqual([[[syncRecordsStore], 'readwrite']]);
    transactions.mockRestore();
    expect((await readSyncRecord(tenant.tenantId))?.status).toEqual(throttled);
    // Flushed once: a second flush writes nothing.
    const written = await bytesPut(() => round.flush());
    expect(written).toEqual({});
  });
});
