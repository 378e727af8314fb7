/**
 * The extension origin's IndexedDB (database `handoff`): where incident data lives on every browser.
 * A content script runs in the page's origin (security.microsoft.com), so it cannot open this database
 * on Chromium or Firefox, unlike storage.local, which Firefox opens to content scripts (it has no
 * access levels). IndexedDB also raises no storage.onChanged events: the worker's own writes do not
 * come back to it as change events carrying old and new values.
 *
 * Stores (DEVELOPERS.md, "Storage"):
 * - `tenantSyncRecords` (key: tenantKey): a tenant's watermark, status and times; small, written every poll.
 * - `tenantIncidents` (key: [tenantKey, incidentId]): one record per cached incident, written only when
 *   that incident changed. A tenant's incidents are the key range tenantIncidentRange(tenantKey).
 * - `pendingNotifications` (key: notification id): a round's notifications not shown yet, written in
 *   the same transaction as the cache write that raised them.
 * - `meta` (key: name): `legacyImport`, whether the worker moved the storage.local entries of
 *   versions before this database (legacy-local-storage-import.ts); `tenantSummaries` and
 *   `popupFirstScreen` (tenant-summaries-storage.ts), `localReviews` (ui-state-storage.ts), `auditLog`
 *   (audit-log-storage.ts): one record each.
 * Version 2 (issue 16, hunting across tenants; the stores above are kept as they are):
 * - `huntRuns` (key: runId): a hunt's query, state and every tenant's outcome (hunt-runs-storage.ts).
 * - `huntRows` (key: [runId, tenantKey]): one tenant's rows of one run (until version 3).
 * - `savedHuntQueries` (key: id): the analyst's saved queries (hunt-queries-storage.ts).
 * - `expertHuntQueries` (key: [tenantKey, incidentId, index]): Defender Experts' queries the panel read.
 * Version 3: `huntRows` is keyed [runId, tenantKey, chunk]: a tenant's rows in chunks of 2,000 (chunk 0
 * also holds the columns and how many rows were kept, indexed by `huntRowsKeptIndex`), so the page reads
 * only the chunks it shows and the CSV export one chunk at a time.
 */

export const handoffDatabaseName = 'handoff';
const handoffDatabaseVersion = 3;

export const syncRecordsStore = 'tenantSyncRecords';
export const incidentsStore = 'tenantIncidents';
export const pendingNotificationsStore = 'pendingNotifications';
export const metaStore = 'meta';
export const huntRunsStore = 'huntRuns';
export const huntRowsStore = 'huntRows';
export const savedHuntQueriesStore = 'savedHuntQueries';
export const expertHuntQueriesStore = 'expertHuntQueries';
/** On `huntRows`: [runId, keptRows, answeredRows] of each tenant's chunk 0 (the only chunk with those fields). */
export const huntRowsKeptIndex = 'keptRows';
const huntRowsKeyPath = ['runId', 'tenantKey', 'chunk'];

// A compound key path reads as an array (as a DOMStringList in old engines: Array.from takes both).
const sameKeyPath = (stored: string | Iterable<string> | null, wanted: readonly string[]) =>
  stored !== null && typeof stored !== 'string' && Array.from(stored).join('\u0000') === wanted.join('\u0000');

let opened: { factory: IDBFactory; database: Promise<IDBDatabase> } | undefined;

function createStores(database: IDBDatabase, upgrade: IDBTransaction): void {
  if (!database.objectStoreNames.contains(syncRecordsStore)) database.createObjectStore(syncRecordsStore, { keyPath: 'tenantKey' });
  if (!database.objectStoreNames.contains(incidentsStore)) database.createObjectStore(incidentsStore, { keyPath: ['tenantKey', 'id'] });
  if (!database.objectStoreNames.contains(pendingNotificationsStore)) database.createObjectStore(pendingNotificationsStore, { keyPath: 'id' });
  if (!database.objectStoreNames.contains(metaStore)) {
    database.createObjectStore(metaStore, { keyPath: 'name' });
    upgrade.objectStore(metaStore).put({ name: 'legacyImport', done: false });
  }
  // Version 2: hunting. A database of version 1 keeps its stores and records; these are added beside them.
  if (!database.objectStoreNames.contains(huntRunsStore)) database.createObjectStore(huntRunsStore, { keyPath: 'runId' });
  // Version 3: rows in chunks. A version 2 `huntRows` (one record per tenant, keyed [runId, tenantKey]) is
  // dropped, not converted: a hunt is re-runnable, and its run stays listed (Show rows says to run it again).
  if (database.objectStoreNames.contains(huntRowsStore) && !sameKeyPath(upgrade.objectStore(huntRowsStore).keyPath, huntRowsKeyPath)) {
    database.deleteObjectStore(huntRowsStore);
  }
  if (!database.objectStoreNames.contains(huntRowsStore)) {
    database.createObjectStore(huntRowsStore, { keyPath: huntRowsKeyPath }).createIndex(huntRowsKeptIndex, ['runId', 'keptRows', 'answeredRows']);
  }
  if (!database.objectStoreNames.contains(savedHuntQueriesStore)) database.createObjectStore(savedHuntQueriesStore, { keyPath: 'id' });
  if (!database.objectStoreNames.contains(expertHuntQueriesStore)) {
    database.createObjectStore(expertHuntQueriesStore, { keyPath: ['tenantKey', 'incidentId', 'index'] });
  }
}

/** The open database (one connection per context, reopened after another context upgrades or deletes it). */
export function openHandoffDatabase(): Promise<IDBDatabase> {
  // Keyed by the factory: unit tests swap in a fresh fake-indexeddb factory per test.
  if (opened?.factory === indexedDB) return opened.database;
  const factory = indexedDB;
  const database = new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open(handoffDatabaseName, handoffDatabaseVersion);
    request.onupgradeneeded = () => createStores(request.result, request.transaction!);
    request.onsuccess = () => {
      const db = request.result;
      // A newer version opening elsewhere (an update) or a deletion must not wait on this connection.
      db.onversionchange = () => {
        db.close();
        if (opened?.database === database) opened = undefined;
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened.'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another open version.'));
  });
  opened = { factory, database };
  database.catch(() => {
    if (opened?.database === database) opened = undefined;
  });
  return database;
}

/** One IDB request as a promise. Awaiting it inside a transaction keeps the transaction active. */
export function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed.'));
  });
}

/**
 * Runs `work` in one transaction over `stores` and resolves with its result once the transaction
 * committed (all or nothing). `work` may await IDB requests of `transaction` only: awaiting anything
 * else lets the transaction commit early.
 */
export async function inTransaction<T>(
  stores: readonly string[],
  mode: IDBTransactionMode,
  work: (transaction: IDBTransaction) => Promise<T>,
): Promise<T> {
  const database = await openHandoffDatabase();
  const transaction = database.transaction([...stores], mode);
  const committed = new Promise<void>((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted.'));
    transaction.onerror = () => undefined; // reported by onabort
  });
  let result: T;
  try {
    result = await work(transaction);
  } catch (error) {
    try {
      transaction.abort();
    } catch {
      // Already finished.
    }
    await committed.catch(() => undefined);
    throw error;
  }
  await committed;
  return result;
}

/** Every key of one tenant in `tenantIncidents`: [tenantKey] sorts before [tenantKey, id], which sorts before [tenantKey, []]. */
export function tenantIncidentRange(tenantKey: string): IDBKeyRange {
  return IDBKeyRange.bound([tenantKey], [tenantKey, []]);
}
