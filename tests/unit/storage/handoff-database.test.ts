import '@/tests/support/fake-indexeddb';
import { describe, expect, it } from 'vitest';
import {
  expertHuntQueriesStore,
  handoffDatabaseName,
  huntRowsKeptIndex,
  huntRowsStore,
  huntRunsStore,
  incidentsStore,
  metaStore,
  inTransaction,
  openHandoffDatabase,
  requestResult,
  savedHuntQueriesStore,
  syncRecordsStore,
  tenantIncidentRange,
} from '@/utils/storage/handoff-database';

describe('the handoff IndexedDB', () => {
  it('gives each tenant its own incident key range, even when one key is a prefix of another', async () => {
    await inTransaction([incidentsStore], 'readwrite', async (transaction) => {
      for (const [tenantKey, id] of [['a', '1'], ['a', '2'], ['ab', '1'], ['b', '1']]) {
        transaction.objectStore(incidentsStore).put({ tenantKey, id });
      }
    });
    const keys = await inTransaction([incidentsStore], 'readonly', (transaction) =>
      requestResult(transaction.objectStore(incidentsStore).getAllKeys(tenantIncidentRange('a'))),
    );
    expect(keys).toEqual([['a', '1'], ['a', '2']]);
  });

  it('writes nothing of a transaction whose work failed', async () => {
    await expect(
      inTransaction([incidentsStore], 'readwrite', async (transaction) => {
        transaction.objectStore(incidentsStore).put({ tenantKey: 'a', id: '1' });
        throw new Error('half way');
      }),
    ).rejects.toThrow('half way');
    const count = await inTransaction([incidentsStore], 'readonly', (transaction) => requestResult(transaction.objectStore(incidentsStore).count()));
    expect(count).toBe(0);
  });

  it('closes its connection when another context deletes or upgrades the database, and opens a new one after', async () => {
    const first = await openHandoffDatabase();
    await requestResult(indexedDB.deleteDatabase(handoffDatabaseName) as IDBRequest<unknown>);
    const second = await openHandoffDatabase();
    expect(second).not.toBe(first);
    expect([...second.objectStoreNames]).toContain(incidentsStore);
  });

  it('upgrades a version 1 database to version 3: every record kept, the hunting stores added with their keys', async () => {
    // A database as version 1 left it, with a tenant's records and the legacy import done.
    const old = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(handoffDatabaseName, 1);
      request.onupgradeneeded = () => {
        const database = request.result;
        database.createObjectStore('tenantSyncRecords', { keyPath: 'tenantKey' }).put({ tenantKey: 'contoso', kept: true });
        database.createObjectStore('tenantIncidents', { keyPath: ['tenantKey', 'id'] }).put({ tenantKey: 'contoso', id: '1' });
        database.createObjectStore('pendingNotifications', { keyPath: 'id' }).put({ id: 'n1' });
        database.createObjectStore('meta', { keyPath: 'name' }).put({ name: 'legacyImport', done: true });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    old.close();

    const database = await openHandoffDatabase();
    expect(database.version).toBe(3);
    expect([...database.objectStoreNames].sort()).toEqual(
      ['expertHuntQueries', 'huntRows', 'huntRuns', 'meta', 'pendingNotifications', 'savedHuntQueries', 'tenantIncidents', 'tenantSyncRecords'],
    );
    const kept = await inTransaction([syncRecordsStore, incidentsStore, metaStore], 'readonly', (transaction) =>
      Promise.all([
        requestResult(transaction.objectStore(syncRecordsStore).get('contoso')),
        requestResult(transaction.objectStore(incidentsStore).getAll()),
        requestResult(transaction.objectStore(metaStore).get('legacyImport')),
      ]),
    );
    // The legacy import stays done: the upgrade never puts its "not done" marker back.
    expect(kept).toEqual([{ tenantKey: 'contoso', kept: true }, [{ tenantKey: 'contoso', id: '1' }], { name: 'legacyImport', done: true }]);
    const keyPaths = await inTransaction([huntRunsStore, huntRowsStore, savedHuntQueriesStore, expertHuntQueriesStore], 'readonly', async (transaction) =>
      [huntRunsStore, huntRowsStore, savedHuntQueriesStore, expertHuntQueriesStore].map((name) => transaction.objectStore(name).keyPath),
    );
    expect(keyPaths).toEqual(['runId', ['runId', 'tenantKey', 'chunk'], 'id', ['tenantKey', 'incidentId', 'index']]);
  });

  it('upgrades a version 2 database to version 3: huntRows recreated keyed by chunk (its rows dropped), every other record kept', async () => {
    const old = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(handoffDatabaseName, 2);
      request.onupgradeneeded = () => {
        const database = request.result;
        database.createObjectStore('tenantSyncRecords', { keyPath: 'tenantKey' }).put({ tenantKey: 'contoso', kept: true });
        database.createObjectStore('tenantIncidents', { keyPath: ['tenantKey', 'id'] });
        database.createObjectStore('pendingNotifications', { keyPath: 'id' });
        database.createObjectStore('meta', { keyPath: 'name' }).put({ name: 'legacyImport', done: true });
        database.createObjectStore('huntRuns', { keyPath: 'runId' }).put({ runId: 'r1', query: 'DeviceInfo' });
        database.createObjectStore('huntRows', { keyPath: ['runId', 'tenantKey'] }).put({ runId: 'r1', tenantKey: 'contoso', columns: [], rows: [{ A: 1 }] });
        database.createObjectStore('savedHuntQueries', { keyPath: 'id' }).put({ id: 's1' });
        database.createObjectStore('expertHuntQueries', { keyPath: ['tenantKey', 'incidentId', 'index'] });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    old.close();

    const database = await openHandoffDatabase();
    expect(database.version).toBe(3);
    const found = await inTransaction([huntRowsStore, huntRunsStore, savedHuntQueriesStore, syncRecordsStore, metaStore], 'readonly', async (transaction) => {
      const rows = transaction.objectStore(huntRowsStore);
      return {
        keyPath: rows.keyPath,
        index: [...rows.indexNames].map((name) => rows.index(name).keyPath),
        rows: await requestResult(rows.count()),
        runs: await requestResult(transaction.objectStore(huntRunsStore).getAll()),
        saved: await requestResult(transaction.objectStore(savedHuntQueriesStore).getAll()),
        sync: await requestResult(transaction.objectStore(syncRecordsStore).getAll()),
        legacy: await requestResult(transaction.objectStore(metaStore).get('legacyImport')),
      };
    });
    expect(found).toEqual({
      keyPath: ['runId', 'tenantKey', 'chunk'],
      index: [['runId', 'keptRows', 'answeredRows']],
      rows: 0,
      runs: [{ runId: 'r1', query: 'DeviceInfo' }],
      saved: [{ id: 's1' }],
      sync: [{ tenantKey: 'contoso', kept: true }],
      legacy: { name: 'legacyImport', done: true },
    });
  });

  it('creates every store, hunting ones included, in a new database', async () => {
    const database = await openHandoffDatabase();
    expect(database.version).toBe(3);
    expect([...database.objectStoreNames]).toEqual(expect.arrayContaining([huntRunsStore, huntRowsStore, savedHuntQueriesStore, expertHuntQueriesStore]));
    const rowsIndex = await inTransaction([huntRowsStore], 'readonly', async (transaction) => [...transaction.objectStore(huntRowsStore).indexNames]);
    expect(rowsIndex).toEqual([huntRowsKeptIndex]);
    const legacy = await inTransaction([metaStore], 'readonly', (transaction) => requestResult(transaction.objectStore(metaStore).get('legacyImport')));
    expect(legacy).toEqual({ name: 'legacyImport', done: false });
  });
});
