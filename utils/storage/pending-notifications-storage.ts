import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { plannedNotificationSchema, type PlannedNotification } from '../sync/notification-plan';
import { withKeyLock } from './key-lock';

/**
 * The notifications of a sync round not shown yet, in storage.local. They are written in the same
 * storage call as the tenant cache whose changes raised them (tenant-cache-storage.ts
 * commitPolledTenantCache), shown, then cleared; a worker stopped in between shows them when it starts
 * again (a notification's id is stable, so one shown twice replaces itself).
 */
export const pendingNotificationsKey = 'pendingNotifications';
export const pendingNotificationsItem = storage.defineItem<unknown>(`local:${pendingNotificationsKey}`, { version: 1 });

export function withPendingNotificationsLock<T>(task: () => Promise<T>): Promise<T> {
  return withKeyLock(`local:${pendingNotificationsKey}`, task);
}

/** What is pending; an unreadable value is nothing pending. */
export async function readPendingNotifications(): Promise<PlannedNotification[]> {
  const parsed = z.array(plannedNotificationSchema).safeParse(await pendingNotificationsItem.getValue());
  return parsed.success ? parsed.data : [];
}

/** `pending` with `added` in: a notification with the same id replaces the earlier one. */
export function withPending(pending: readonly PlannedNotification[], added: readonly PlannedNotification[]): PlannedNotification[] {
  const ids = new Set(added.map((notification) => notification.id));
  return [...pending.filter((notification) => !ids.has(notification.id)), ...added];
}

/** Drops the given notifications (shown) from the pending list. */
export async function clearPendingNotifications(shown: readonly PlannedNotification[]): Promise<void> {
  await withPendingNotificationsLock(async () => {
    // One re-planned meanwhile (same id, other text) was not shown yet and stays.
    const same = (a: PlannedNotification, b: PlannedNotification) => a.id === b.id && a.title === b.title && a.message === b.message;
    const remaining = (await readPendingNotifications()).filter((pending) => !shown.some((done) => same(done, pending)));
    if (remaining.length === 0) await pendingNotificationsItem.removeValue();
    else await pendingNotificationsItem.setValue(remaining);
  });
}
