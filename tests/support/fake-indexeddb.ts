/**
 * IndexedDB for unit tests: WXT's fakeBrowser has none. Importing this file installs fake-indexeddb's
 * globals and gives each test a fresh, empty factory (handoff-database.ts opens a new connection when
 * the factory changes), as fakeBrowser.reset() empties extension storage.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';

export function resetIndexedDb(): void {
  globalThis.indexedDB = new IDBFactory();
}

beforeEach(() => resetIndexedDb());
