import { storage } from 'wxt/utils/storage';
import { appendAuditEntry, parseAuditLog, pruneAuditLog, type AuditEntry } from '../domain/audit-log';
import { withKeyLock } from './key-lock';

/**
 * The audit log of writes (domain/audit-log.ts) in storage.local, one item, newest last, bounded:
 * entries older than 90 days are dropped on every append. Appended by the worker after each write
 * attempt, read by the options page for the CSV export.
 */
export const auditLogItem = storage.defineItem<unknown>('local:auditLog', { version: 1 });

export async function readAuditLog(now = new Date()): Promise<AuditEntry[]> {
  return pruneAuditLog(parseAuditLog(await auditLogItem.getValue()), now);
}

/** Appends one entry (under the key's lock: two writes finishing together both land). Never throws. */
export async function appendAuditLog(entry: AuditEntry, now = new Date()): Promise<void> {
  try {
    await withKeyLock('local:auditLog', async () => {
      await auditLogItem.setValue(appendAuditEntry(parseAuditLog(await auditLogItem.getValue()), entry, now));
    });
  } catch (error) {
    // The write itself happened or not regardless; a full disk must not turn its answer into an error.
    console.warn('[Handoff] the audit log could not be written', error);
  }
}
