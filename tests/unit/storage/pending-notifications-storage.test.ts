import '@/tests/support/fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  addPendingNotifications,
  clearPendingNotifications,
  readPendingNotifications,
  removeAllPendingNotifications,
  removePendingNotificationsOf,
} from '@/utils/storage/pending-notifications-storage';
import type { PlannedNotification } from '@/utils/sync/notification-plan';

const planned = (id: string, tenantKey = 'contoso', title = 'Awaiting you'): PlannedNotification => ({
  id,
  tenantKey,
  title,
  message: 'Incident',
  url: null,
  incidentIds: ['1'],
});

describe('pending notifications in the extension IndexedDB', () => {
  beforeEach(() => fakeBrowser.reset());

  it('keeps them in the order planned, one per id (a re-plan replaces), outside storage.local', async () => {
    await addPendingNotifications([planned('b'), planned('a')]);
    await addPendingNotifications([planned('b', 'contoso', 'Again')]);
    expect((await readPendingNotifications()).map((n) => [n.id, n.title])).toEqual([
      ['a', 'Awaiting you'],
      ['b', 'Again'],
    ]);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('clears those shown, but not one re-planned with other text meanwhile', async () => {
    await addPendingNotifications([planned('a'), planned('b')]);
    const shown = await readPendingNotifications();
    await addPendingNotifications([planned('b', 'contoso', 'Changed')]);
    await clearPendingNotifications(shown);
    expect((await readPendingNotifications()).map((n) => n.title)).toEqual(['Changed']);
  });

  it('removes one tenant\'s, or all', async () => {
    await addPendingNotifications([planned('a', 'contoso'), planned('b', 'fabrikam'), planned('c', 'northwind')]);
    await removePendingNotificationsOf(['fabrikam', 'northwind']);
    expect((await readPendingNotifications()).map((n) => n.id)).toEqual(['a']);
    await removeAllPendingNotifications();
    expect(await readPendingNotifications()).toEqual([]);
  });
});
