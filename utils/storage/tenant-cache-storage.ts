import type { TenantCacheStore } from '../sync/sync-all-tenants';
import type { CachedIncident } from '../sync/cached-incident';
import type { PlannedNotification } from '../sync/notification-plan';
import { tenantCacheSchema, tenantCacheSchemaVersion, type TenantCache } from '../sync/tenant-cache';
import {
  incidentChanges,
  isNewerIncident,
  joinTenantCache,
  syncRecordOf,
  withEntries,
  type IncidentChanges,
  type TenantSyncRecord,
} from '../sync/tenant-cache-diff';
import {
  incidentsStore,
  inTransaction,
  pendingNotificationsStore,
  requestResult,
  syncRecordsStore,
  tenantIncidentRange,
} from './handoff-database';
import { withKeyLock } from './key-lock';
import { afterLegacyImport } from './legacy-local-storage-import';
import { pendingNotificationRecords } from './pending-notifications-storage';

/**
 * Tenant caches in the extension origin's IndexedDB (handoff-database.ts): per tenant one small sync
 * record and one record per incident, so a steady poll writes the sync record only and a changed
 * incident writes its own record. Content scripts cannot open this database on any browser.
 *
 * Validation at the edges: only the worker writes here (no content script can reach it), and every
 * write came from data already validated (Graph answers through parseIncidents, messages through their
 * schemas, storage.local entries of older versions through tenantCacheSchema when imported). Reads
 * therefore check the schema version and the record's shape, not every field through zod (about 10 ms
 * of CPU per tenant per poll at 300 incidents); writeTenantCache, the one write of a whole document from
 * elsewhere, still parses.
 */

/** How storage.local named a tenant's cache before the move (legacy-local-storage-import.ts, sign-out). */
export const tenantCacheKeyPrefix = 'tenantCache:';

export function tenantCacheStorageKey(tenantKey: string): string {
  return `${tenantCacheKeyPrefix}${tenantKey}`;
}

interface IncidentRecord extends CachedIncident {
  tenantKey: string;
  id: string;
}

const lockKey = (tenantKey: string) => `idb:tenantCache:${tenantKey}`;

export function isSyncRecord(value: unknown, tenantKey?: string): value is TenantSyncRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<TenantSyncRecord>;
  return (
    record.schemaVersion === tenantCacheSchemaVersion &&
    typeof record.tenantKey === 'string' &&
    (tenantKey === undefined || record.tenantKey === tenantKey) &&
    typeof record.status?.state === 'string' &&
    Array.isArray(record.parseErrors) &&
    typeof record.summary?.total === 'number'
  );
}

function isIncidentRecord(value: unknown): value is IncidentRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<IncidentRecord>;
  return typeof record.id === 'string' && record.incident?.id === record.id && typeof record.handoff?.owner === 'string';
}

const entryOf = ({ incident, handoff }: IncidentRecord): CachedIncident => ({ incident, handoff });
const recordOf = (tenantKey: string, entry: CachedIncident): IncidentRecord => ({ tenantKey, id: entry.incident.id, ...entry });

export function incidentsOf(records: readonly unknown[]): Record<string, CachedIncident> {
  const incidents: Record<string, CachedIncident> = {};
  for (const record of records) if (isIncidentRecord(record)) incidents[record.id] = entryOf(record);
  return incidents;
}

/**
 * What each tenant's cache held when last read in this worker, by tenant: a poll's write compares with
 * it to find the incidents it changed, without reading them all back. Dropped at each write.
 */
const lastRead = new Map<string, Record<string, CachedIncident>>();

type CacheChangeListener = (tenantKey: string) => void;
const changeListeners = new Set<CacheChangeListener>();

/**
 * Calls `listener(tenantKey)` after a write in this context changed a tenant's incidents or its sync
 * state, or removed its cache. Every cache writer runs in the worker, so portal tabs are told from here
 * (background/portal-tabs.ts) instead of by storage change events.
 */
export function onTenantCacheChanged(listener: CacheChangeListener): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

/** Tells the listeners of onTenantCacheChanged (tenant-sync-records.ts writes too). */
export function announce(tenantKey: string): void {
  for (const listener of changeListeners) listener(tenantKey);
}

async function readInTransaction(transaction: IDBTransaction, tenantKey: string): Promise<TenantCache | null> {
  const [record, incidents] = await Promise.all([
    requestResult(transaction.objectStore(syncRecordsStore).get(tenantKey)),
    requestResult(transaction.objectStore(incidentsStore).getAll(tenantIncidentRange(tenantKey))),
  ]);
  if (!isSyncRecord(record, tenantKey)) return null;
  return joinTenantCache(record, incidentsOf(incidents));
}

export async function readTenantCache(tenantKey: string): Promise<TenantCache | null> {
  await afterLegacyImport();
  const cache = await inTransaction([syncRecordsStore, incidentsStore], 'readonly', (transaction) =>
    readInTransaction(transaction, tenantKey),
  );
  if (cache) lastRead.set(tenantKey, cache.incidents);
  else lastRead.delete(tenantKey);
  return cache;
}

/**
 * The titles of the given incidents (by `[tenantKey, incidentId]`), in one read: the popup's queue
 * shows them, and the summaries in storage.local must not hold them (sync/awaiting-queue.ts). Missing
 * or unreadable records are left out; keys are `incidentTitleKey`'s.
 */
export async function readIncidentTitles(
  wanted: ReadonlyArray<{ tenantKey: string; incidentId: string }>,
  keyOf: (tenantKey: string, incidentId: string) => string,
): Promise<Map<string, string>> {
  return (await readIncidentTitlesAndAssignees(wanted, keyOf)).titles;
}

/** The same one read, with each incident's `assignedTo` too (the queue says who in the team has it). */
export async function readIncidentTitlesAndAssignees(
  wanted: ReadonlyArray<{ tenantKey: string; incidentId: string }>,
  keyOf: (tenantKey: string, incidentId: string) => string,
): Promise<{ titles: Map<string, string>; assignees: Map<string, string> }> {
  const titles = new Map<string, string>();
  const assignees = new Map<string, string>();
  if (wanted.length === 0) return { titles, assignees };
  const records = await inTransaction([incidentsStore], 'readonly', (transaction) => {
    const store = transaction.objectStore(incidentsStore);
    return Promise.all(wanted.map(({ tenantKey, incidentId }) => requestResult(store.get([tenantKey, incidentId]))));
  });
  records.forEach((record: unknown, index) => {
    const incident = isIncidentRecord(record) ? record.incident : null;
    const key = wanted[index];
    if (!key || !incident) return;
    if (typeof incident.displayName === 'string') titles.set(keyOf(key.tenantKey, key.incidentId), incident.displayName);
    if (typeof incident.assignedTo === 'string') assignees.set(keyOf(key.tenantKey, key.incidentId), incident.assignedTo);
  });
  return { titles, assignees };
}

/** Writes the sync record and the incident changes; true when anything a reader shows changed. */
function putChanges(transaction: IDBTransaction, next: TenantCache, changes: IncidentChanges, before: TenantSyncRecord | null): boolean {
  const incidents = transaction.objectStore(incidentsStore);
  transaction.objectStore(syncRecordsStore).put(syncRecordOf(next));
  for (const entry of changes.changed) incidents.put(recordOf(next.tenantKey, entry));
  for (const id of changes.removed) incidents.delete([next.tenantKey, id]);
  return changes.changed.length > 0 || changes.removed.length > 0 || JSON.stringify(before?.status) !== JSON.stringify(next.status);
}

/** Replaces a tenant's whole cache. Validates first: a half-valid cache is never saved. */
export async function writeTenantCache(cache: TenantCache): Promise<void> {
  const valid = tenantCacheSchema.parse(cache);
  await afterLegacyImport();
  await withKeyLock(lockKey(valid.tenantKey), async () => {
    await inTransaction([syncRecordsStore, incidentsStore], 'readwrite', async (transaction) => {
      transaction.objectStore(incidentsStore).delete(tenantIncidentRange(valid.tenantKey));
      putChanges(transaction, valid, { changed: Object.values(valid.incidents), removed: [] }, null);
    });
    lastRead.delete(valid.tenantKey);
  });
  announce(valid.tenantKey);
}

/**
 * Read-modify-write of one tenant's cache under its lock (a quick action's re-read vs a poll in
 * flight): `change` gets the cache as stored now; null from it writes nothing. Only the incidents
 * `change` altered are written.
 */
export async function updateTenantCache(
  tenantKey: string,
  change: (current: TenantCache | null) => TenantCache | null,
): Promise<{ previous: TenantCache | null; updated: TenantCache | null }> {
  await afterLegacyImport();
  const result = await withKeyLock(lockKey(tenantKey), () =>
    inTransaction([syncRecordsStore, incidentsStore], 'readwrite', async (transaction) => {
      const previous = await readInTransaction(transaction, tenantKey);
      const updated = change(previous);
      const changed = updated
        ? putChanges(transaction, updated, incidentChanges(previous?.incidents ?? {}, updated.incidents), previous)
        : false;
      return { previous, updated, changed };
    }),
  );
  lastRead.delete(tenantKey);
  if (result.changed) announce(tenantKey);
  return { previous: result.previous, updated: result.updated };
}

/**
 * A poll's cache, written under the tenant's lock in one transaction: the sync record, the incidents
 * the poll changed (compared with what it read, lastRead), and the round's notifications for this
 * tenant, so a worker stopped right after loses none. An incident the poll changed that a quick action
 * wrote meanwhile with a later `lastUpdateDateTime` keeps the quick action's entry; the poll's view
 * wins everywhere else. Returns what the tenant's cache is now, as far as this poll knows.
 */
export async function commitPolledTenantCache(polled: TenantCache, notifications: readonly PlannedNotification[] = []): Promise<TenantCache> {
  await afterLegacyImport();
  const { tenantKey } = polled;
  const stores = [syncRecordsStore, incidentsStore, ...(notifications.length > 0 ? [pendingNotificationsStore] : [])];
  const result = await withKeyLock(lockKey(tenantKey), () =>
    inTransaction(stores, 'readwrite', async (transaction) => {
      const records = transaction.objectStore(incidentsStore);
      const before = await requestResult(transaction.objectStore(syncRecordsStore).get(tenantKey));
      // No readable sync record (never synced, another version): whatever is stored for it goes.
      if (!isSyncRecord(before, tenantKey)) records.delete(tenantIncidentRange(tenantKey));
      const baseline = isSyncRecord(before, tenantKey)
        ? (lastRead.get(tenantKey) ?? incidentsOf(await requestResult(records.getAll(tenantIncidentRange(tenantKey)))))
        : {};
      const changes = incidentChanges(baseline, polled.incidents);
      // Only the incidents this poll changes can collide with a quick action's write: read just those.
      const stored = await Promise.all(changes.changed.map((entry) => requestResult(records.get([tenantKey, entry.incident.id]))));
      const kept: CachedIncident[] = [];
      changes.changed = changes.changed.filter((entry, index) => {
        const current = stored[index];
        if (!isIncidentRecord(current) || !isNewerIncident(current, entry)) return true;
        kept.push(entryOf(current));
        return false;
      });
      const saved = withEntries(polled, kept);
      const changed = putChanges(transaction, saved, changes, isSyncRecord(before) ? before : null);
      if (notifications.length > 0) {
        const pending = transaction.objectStore(pendingNotificationsStore);
        for (const record of pendingNotificationRecords(notifications)) pending.put(record);
      }
      return { saved, changed };
    }),
  );
  lastRead.delete(tenantKey);
  if (result.changed) announce(tenantKey);
  return result.saved;
}

/** Drops a tenant's cache (a tenant removed from the settings, sign-out). */
export async function removeTenantCache(tenantKey: string): Promise<void> {
  await afterLegacyImport();
  await withKeyLock(lockKey(tenantKey), () =>
    inTransaction([syncRecordsStore, incidentsStore], 'readwrite', async (transaction) => {
      transaction.objectStore(syncRecordsStore).delete(tenantKey);
      transaction.objectStore(incidentsStore).delete(tenantIncidentRange(tenantKey));
    }),
  );
  lastRead.delete(tenantKey);
  announce(tenantKey);
}

/** Every readable tenant cache (the options page's report, rebuilding the summaries). */
export async function readAllTenantCaches(): Promise<TenantCache[]> {
  await afterLegacyImport();
  const [records, incidents] = await inTransaction([syncRecordsStore, incidentsStore], 'readonly', (transaction) =>
    Promise.all([
      requestResult(transaction.objectStore(syncRecordsStore).getAll()),
      requestResult(transaction.objectStore(incidentsStore).getAll()),
    ]),
  );
  const byTenant = new Map<string, unknown[]>();
  for (const record of incidents as Array<{ tenantKey?: unknown }>) {
    if (typeof record.tenantKey !== 'string') continue;
    const list = byTenant.get(record.tenantKey) ?? [];
    list.push(record);
    byTenant.set(record.tenantKey, list);
  }
  return records.filter((record) => isSyncRecord(record)).map((record) => joinTenantCache(record, incidentsOf(byTenant.get(record.tenantKey) ?? [])));
}

/** Drops every tenant's cache at once (sign-out). */
export async function removeAllTenantCaches(): Promise<void> {
  await afterLegacyImport();
  await inTransaction([syncRecordsStore, incidentsStore], 'readwrite', async (transaction) => {
    transaction.objectStore(syncRecordsStore).clear();
    transaction.objectStore(incidentsStore).clear();
  });
  lastRead.clear();
}

export const browserTenantCacheStore: TenantCacheStore = { read: readTenantCache, write: (cache) => commitPolledTenantCache(cache) };
