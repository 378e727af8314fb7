import { storage } from 'wxt/utils/storage';

/**
 * Where a click on each shown notification should go (notification id -> portal URL), in
 * storage.session: it outlives service-worker restarts (a click may come minutes later) but not the
 * browser.
 */
const clickTargetsItem = storage.defineItem<unknown>('session:notificationClickTargets', { version: 1 });

export async function readNotificationTargets(): Promise<Record<string, string>> {
  const stored = await clickTargetsItem.getValue();
  if (!stored || typeof stored !== 'object') return {};
  return Object.fromEntries(Object.entries(stored).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

export async function writeNotificationTargets(targets: Record<string, string>): Promise<void> {
  await clickTargetsItem.setValue(targets);
}
