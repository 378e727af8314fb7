import { plannedNotificationSchema, type PlannedNotification } from '../sync/notification-plan';
import { inTransaction, pendingNotificationsStore, requestResult } from './handoff-database';
import { afterLegacyImport } from './legacy-local-storage-import';

/**
 * The notifications of a sync round not shown yet, in the extension's IndexedDB (store
 * `pendingNotifications`, one record per notification id; they carry incident titles, so they stay
 * where content scripts cannot read them). They are written in the same transaction as the tenant cache
 * whose changes raised them (tenant-cache-storage.ts commitPolledTenantCache), shown, then cleared; a
 * worker stopped in between shows them when it starts again (a notification's id is stable, so one
 * planned again replaces itself).
 */

interface PendingRecord {
  id: string;
  /** Keeps the order they were planned in (the store's key order is the id's). */
  queuedAt: number;
  notification: PlannedNotification;
}

let lastQueuedAt = 0;

/** The records to put for `notifications` (tenant-cache-storage.ts puts them in its own transaction). */
export function pendingNotificationRecords(notifications: readonly PlannedNotification[]): PendingRecord[] {
  return notifications.map((notification) => {
    lastQueuedAt = Math.max(lastQueuedAt + 1, Date.now());
    return { id: notification.id, queuedAt: lastQueuedAt, notification };
  });
}

/** What is pending, in the order planned; a record this version cannot read is skipped. */
export async function readPendingNotifications(): Promise<PlannedNotification[]> {
  await afterLegacyImport();
  const records = await inTransaction([pendingNotificationsStore], 'readonly', (transaction) =>
    requestResult(transaction.objectStore(pendingNotificationsStore).getAll()),
  );
  return (records as Array<Partial<PendingRecord>>)
    .sort((a, b) => (a.queuedAt ?? 0) - (b.queuedAt ?? 0))
    .flatMap((record) => {
      // Validated here: a notification's text reaches the OS notification centre.
      const parsed = plannedNotificationSchema.safeParse(record.notification);
      return parsed.success ? [parsed.data] : [];
    });
}

/** Adds notifications outside a cache write (the same id replaces the earlier one). */
export async function addPendingNotifications(notifications: readonly PlannedNotification[]): Promise<void> {
  await afterLegacyImport();
  await inTransaction([pendingNotificationsStore], 'readwrite', async (transaction) => {
    for (const record of pendingNotificationRecords(notifications)) transaction.objectStore(pendingNotificationsStore).put(record);
  });
}

/** Drops the given notifications (shown) from the pending list. */
export async function clearPendingNotifications(shown: readonly PlannedNotification[]): Promise<void> {
  await afterLegacyImport();
  await inTransaction([pendingNotificationsStore], 'readwrite', async (transaction) => {
    const store = transaction.objectStore(pendingNotificationsStore);
    const stored = await Promise.all(shown.map((done) => requestResult(store.get(done.id))));
    shown.forEach((done, index) => {
      const pending = (stored[index] as Partial<PendingRecord> | undefined)?.notification;
      // One re-planned meanwhile (same id, other text) was not shown yet and stays.
      if (pending && pending.title === done.title && pending.message === done.message) store.delete(done.id);
    });
  });
}

/** Drops the pending notifications of the given tenants (removed from the settings). */
export async function removePendingNotificationsOf(tenantKeys: readonly string[]): Promise<void> {
  await afterLegacyImport();
  await inTransaction([pendingNotificationsStore], 'readwrite', async (transaction) => {
    const store = transaction.objectStore(pendingNotificationsStore);
    const records = (await requestResult(store.getAll())) as Array<Partial<PendingRecord>>;
    for (const record of records) {
      if (record.id !== undefined && tenantKeys.includes(record.notification?.tenantKey ?? '')) store.delete(record.id);
    }
  });
}

/** Drops every pending notification (sign-out). */
export async function removeAllPendingNotifications(): Promise<void> {
  await afterLegacyImport();
  await inTransaction([pendingNotificationsStore], 'readwrite', async (transaction) => {
    transaction.objectStore(pendingNotificationsStore).clear();
  });
}
