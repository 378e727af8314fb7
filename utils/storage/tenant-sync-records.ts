import type { CachedIncident } from '../sync/cached-incident';
import type { TenantSyncRecord } from '../sync/tenant-cache-diff';
import { incidentsStore, inTransaction, requestResult, syncRecordsStore } from './handoff-database';
import { afterLegacyImport } from './legacy-local-storage-import';
import { announce, incidentsOf, isSyncRecord } from './tenant-cache-storage';

/**
 * The sync records apart from the incidents (tenant-cache-storage.ts keeps both), for polls that find
 * nothing new (sync/poll-tenant.ts pollTenantFromRecord): such a poll reads its record, at most the few
 * incidents Graph listed again, and writes its record back; no incident is read, classified or written.
 */

/** A tenant's sync record alone (status, times, watermark, counts), or null when none is readable. */
export async function readSyncRecord(tenantKey: string): Promise<TenantSyncRecord | null> {
  await afterLegacyImport();
  const record = await inTransaction([syncRecordsStore], 'readonly', (transaction) =>
    requestResult(transaction.objectStore(syncRecordsStore).get(tenantKey)),
  );
  return isSyncRecord(record, tenantKey) ? record : null;
}

/** Every readable sync record, by tenant key, in one read. */
async function readAllSyncRecords(): Promise<Map<string, TenantSyncRecord>> {
  await afterLegacyImport();
  const records = await inTransaction([syncRecordsStore], 'readonly', (transaction) =>
    requestResult(transaction.objectStore(syncRecordsStore).getAll()),
  );
  return new Map(records.filter((record) => isSyncRecord(record)).map((record) => [record.tenantKey, record]));
}

/** The stored entries of some of a tenant's incidents, by id; missing or unreadable ones left out. */
export async function readIncidentEntries(tenantKey: string, ids: readonly string[]): Promise<Record<string, CachedIncident>> {
  if (ids.length === 0) return {};
  await afterLegacyImport();
  const records = await inTransaction([incidentsStore], 'readonly', (transaction) => {
    const store = transaction.objectStore(incidentsStore);
    return Promise.all(ids.map((id) => requestResult(store.get([tenantKey, id]))));
  });
  return incidentsOf(records);
}

/**
 * Polls that found nothing new: each one's sync state (status, times, watermark, parse errors) laid onto
 * its record as stored now, in one transaction, so counts a quick action wrote meanwhile stay (the
 * read-modify-write is inside the transaction: IndexedDB runs it apart from any other write). A tenant
 * whose record is gone (removed meanwhile) gets nothing: its next poll syncs it afresh.
 */
export async function commitSyncRecords(polled: readonly TenantSyncRecord[]): Promise<void> {
  if (polled.length === 0) return;
  await afterLegacyImport();
  const changed = await inTransaction([syncRecordsStore], 'readwrite', async (transaction) => {
    const records = transaction.objectStore(syncRecordsStore);
    // One getAll rather than a get per tenant: a round commits most tenants' records (500 requests, each
    // its own answer task on the worker's thread, were most of this transaction's cost).
    const current = new Map<unknown, unknown>();
    for (const stored of await requestResult(records.getAll())) {
      if (stored !== null && typeof stored === 'object' && 'tenantKey' in stored) current.set(stored.tenantKey, stored);
    }
    return polled.flatMap((record) => {
      const stored = current.get(record.tenantKey);
      if (!isSyncRecord(stored, record.tenantKey)) return [];
      const { watermark, lastAttemptAt, lastSuccessAt, status, parseErrors } = record;
      records.put({ ...stored, watermark, lastAttemptAt, lastSuccessAt, status, parseErrors });
      return JSON.stringify(stored.status) === JSON.stringify(status) ? [] : [record.tenantKey];
    });
  });
  for (const tenantKey of changed) announce(tenantKey);
}

/**
 * One sync round's view of the records (sync-all-tenants.ts TenantCacheStore.records): all of them read
 * in one transaction when first asked, the polls' new state kept until `flush()` writes it in one. A
 * round of 500 tenants then makes two record transactions instead of a thousand; a worker stopped
 * before the flush loses only sync times and statuses, which the next round sets again.
 */
export function roundSyncRecords() {
  let all: Promise<Map<string, TenantSyncRecord>> | undefined;
  const pending = new Map<string, TenantSyncRecord>();
  return {
    read: async (tenantKey: string) => {
      all ??= readAllSyncRecords();
      return (await all).get(tenantKey) ?? null;
    },
    readEntries: readIncidentEntries,
    write: async (record: TenantSyncRecord) => {
      pending.set(record.tenantKey, record);
    },
    flush: async () => {
      const records = [...pending.values()];
      pending.clear();
      await commitSyncRecords(records);
    },
  };
}
