import { browser } from 'wxt/browser';
import { readNotificationTargets, writeNotificationTargets } from '../storage/notification-targets-storage';
import { clearPendingNotifications, readPendingNotifications } from '../storage/pending-notifications-storage';
import type { PlannedNotification } from '../sync/notification-plan';

/** Shows each planned notification; remembers where a click on it should go. */
export async function showIncidentNotifications(planned: readonly PlannedNotification[]): Promise<void> {
  if (planned.length === 0) return;
  const targets = await readNotificationTargets();
  for (const notification of planned) {
    await browser.notifications.create(notification.id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: notification.title,
      message: notification.message,
    });
    if (notification.url) targets[notification.id] = notification.url;
  }
  await writeNotificationTargets(targets);
}

/**
 * Shows the notifications a sync round persisted with its cache writes, then clears them; called after
 * each round and when the worker starts (a worker stopped before showing them loses nothing).
 */
export async function showPendingNotifications(): Promise<void> {
  const pending = await readPendingNotifications();
  if (pending.length === 0) return;
  await showIncidentNotifications(pending);
  await clearPendingNotifications(pending);
}

/** A click opens the incident (or the tenant's queue) in the portal, in the right tenant. */
export function openPortalOnNotificationClick(): void {
  browser.notifications.onClicked.addListener((notificationId) => {
    void (async () => {
      const targets = await readNotificationTargets();
      const url = targets[notificationId];
      if (url?.startsWith('https://security.microsoft.com/')) await browser.tabs.create({ url });
      delete targets[notificationId];
      await writeNotificationTargets(targets);
      await browser.notifications.clear(notificationId);
    })();
  });
}
