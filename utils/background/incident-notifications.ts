import { browser } from 'wxt/browser';
import type { PlannedNotification } from '../sync/notification-plan';

// Session storage outlives service-worker restarts (a click may come minutes later) but not the browser.
const clickTargetsKey = 'notificationClickTargets';

async function readClickTargets(): Promise<Record<string, string>> {
  const stored = (await browser.storage.session.get(clickTargetsKey))[clickTargetsKey];
  return stored && typeof stored === 'object' ? (stored as Record<string, string>) : {};
}

/** Shows each planned notification; remembers where a click on it should go. */
export async function showIncidentNotifications(planned: readonly PlannedNotification[]): Promise<void> {
  if (planned.length === 0) return;
  const targets = await readClickTargets();
  for (const notification of planned) {
    await browser.notifications.create(notification.id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: notification.title,
      message: notification.message,
    });
    if (notification.url) targets[notification.id] = notification.url;
  }
  await browser.storage.session.set({ [clickTargetsKey]: targets });
}

/** A click opens the incident (or the tenant's queue) in the portal, in the right tenant. */
export function openPortalOnNotificationClick(): void {
  browser.notifications.onClicked.addListener((notificationId) => {
    void (async () => {
      const targets = await readClickTargets();
      const url = targets[notificationId];
      if (url?.startsWith('https://security.microsoft.com/')) await browser.tabs.create({ url });
      delete targets[notificationId];
      await browser.storage.session.set({ [clickTargetsKey]: targets });
      await browser.notifications.clear(notificationId);
    })();
  });
}
