import { storage } from 'wxt/utils/storage';
import { appendAuditEntry, parseAuditLog, pruneAuditLog, type AuditEntry } from '../domain/audit-log';
import { inTransaction, metaStore, requestResult } from './handoff-database';
import { withKeyLock } from './key-lock';

/**
 * The audit log of writes (domain/audit-log.ts): one record of the extension's IndexedDB (`meta` store,
 * `auditLog`), newest last, bounded: entries older than 90 days are dropped on every append. Appended by
 * the worker after each write attempt, read by the options page for the CSV export.
 *
 * It names customers' tenants, incidents and the analysts who changed them, so it is not kept in
 * storage.local, which Firefox content scripts can read (Mozilla bug 1724754): versions before kept it
 * there (`local:auditLog`); the worker moves those entries in when it starts (and at an append, should that
 * come first) and removes the old key.
 * Entries are read through their schema either way (parseAuditLog): a damaged entry is left out.
 */
export const legacyAuditLogItem = storage.defineItem<unknown>('local:auditLog', { version: 1 });

const auditLogRecord = 'auditLog';
const auditLogLock = 'idb:auditLog';

/**
 * The stored log with `change` applied (the old storage.local entries first, when they are still there),
 * in one readwrite transaction; removes the old key once its entries are in. Should two calls ever race
 * (the worker's start and an append both run under the record's lock), only the transaction that finds no
 * record takes the old entries.
 */
async function changeAuditLog(change: (entries: AuditEntry[]) => AuditEntry[]): Promise<AuditEntry[]> {
  const legacy = await legacyAuditLogItem.getValue();
  const entries = await inTransaction([metaStore], 'readwrite', async (transaction) => {
    const store = transaction.objectStore(metaStore);
    const record: unknown = await requestResult(store.get(auditLogRecord));
    const stored = isAuditLogRecord(record) ? parseAuditLog(record.entries) : parseAuditLog(legacy);
    const next = change(stored);
    store.put({ name: auditLogRecord, entries: next });
    return next;
  });
  if (legacy !== null && legacy !== undefined) await legacyAuditLogItem.removeValue();
  return entries;
}

function isAuditLogRecord(record: unknown): record is { entries: unknown } {
  return typeof record === 'object' && record !== null && 'entries' in record;
}

/**
 * The log, for the options page's export: read only (the worker alone writes it). Before the worker moved
 * an older version's storage.local entries, those are what it reads.
 */
export async function readAuditLog(now = new Date()): Promise<AuditEntry[]> {
  const record: unknown = await inTransaction([metaStore], 'readonly', (transaction) =>
    requestResult(transaction.objectStore(metaStore).get(auditLogRecord)),
  );
  const entries = isAuditLogRecord(record) ? record.entries : await legacyAuditLogItem.getValue();
  return pruneAuditLog(parseAuditLog(entries), now);
}

/**
 * Moves an older version's storage.local entries in and removes the old key (the worker, at its start:
 * whether or not anything is ever appended again). Nothing to move: nothing is written. Never throws.
 */
export async function moveLegacyAuditLog(): Promise<void> {
  try {
    if ((await legacyAuditLogItem.getValue()) === null) return;
    await withKeyLock(auditLogLock, () => changeAuditLog((entries) => entries));
  } catch (error) {
    console.warn('[Handoff] the audit log could not be moved to IndexedDB', error);
  }
}

/** Appends one entry (under the record's lock: two writes finishing together both land). Never throws. */
export async function appendAuditLog(entry: AuditEntry, now = new Date()): Promise<void> {
  try {
    await withKeyLock(auditLogLock, () => changeAuditLog((entries) => appendAuditEntry(entries, entry, now)));
  } catch (error) {
    // The write itself happened or not regardless; a full disk must not turn its answer into an error.
    console.warn('[Handoff] the audit log could not be written', error);
  }
}
