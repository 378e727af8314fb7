import { browser } from 'wxt/browser';
import { readNotificationTargets, writeNotificationTargets } from '../storage/notification-targets-storage';
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
