import '@/tests/support/fake-indexeddb';
import { describe, expect, it } from 'vitest';
import {
  handoffDatabaseName,
  incidentsStore,
  inTransaction,
  openHandoffDatabase,
  requestResult,
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
});
