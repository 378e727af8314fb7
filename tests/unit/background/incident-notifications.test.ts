import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openPortalOnNotificationClick, showIncidentNotifications } from '@/utils/background/incident-notifications';
import { readNotificationTargets, writeNotificationTargets } from '@/utils/storage/notification-targets-storage';
import type { PlannedNotification } from '@/utils/sync/notification-plan';

/** Notifications: shown with their text, and a click opens the incident in its own tenant (or nothing). */

const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const incidentUrl = `https://security.microsoft.com/incidents/1002?tid=${contoso}`;

const awaitingYou: PlannedNotification = {
  id: `handoff:${contoso}:1002`,
  tenantKey: contoso,
  title: 'Awaiting you in Contoso',
  message: 'Multi-stage incident on one endpoint (high)\nApprove the pending remediation',
  url: incidentUrl,
  incidentIds: ['1002'],
};
const noLink: PlannedNotification = { ...awaitingYou, id: 'handoff:own-tenant:7', tenantKey: 'own-tenant', url: null, incidentIds: ['7'] };

beforeEach(() => {
  fakeBrowser.reset();
});

describe('incident notifications', () => {
  it('shows each planned notification with its title and message, and remembers where a click goes', async () => {
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    await showIncidentNotifications([awaitingYou, noLink]);
    // notifications.create(id, options): the typings' first overload has options only.
    const calls = create.mock.calls as unknown as [string, { title: string; message: string }][];
    expect(calls.map(([id, options]) => [id, options.title, options.message])).toEqual([
      [awaitingYou.id, 'Awaiting you in Contoso', awaitingYou.message],
      [noLink.id, 'Awaiting you in Contoso', noLink.message],
    ]);
    expect(calls[0]?.[1]).toMatchObject({ type: 'basic', iconUrl: expect.stringMatching(/\/icon\/128\.png$/) });
    expect(await readNotificationTargets()).toEqual({ [awaitingYou.id]: incidentUrl });
  });

  it('a click opens the incident in its tenant (the tid in the URL), then forgets the target and clears the notification', async () => {
    openPortalOnNotificationClick();
    await showIncidentNotifications([awaitingYou]);
    const opened = vi.spyOn(fakeBrowser.tabs, 'create');
    const cleared = vi.spyOn(fakeBrowser.notifications, 'clear');
    await fakeBrowser.notifications.onClicked.trigger(awaitingYou.id);
    await vi.waitFor(() => expect(cleared).toHaveBeenCalledWith(awaitingYou.id));
    expect(opened).toHaveBeenCalledTimes(1);
    expect(opened.mock.calls[0]?.[0]).toEqual({ url: incidentUrl });
    expect(new URL((opened.mock.calls[0]?.[0] as { url: string }).url).searchParams.get('tid')).toBe(contoso);
    expect(await readNotificationTargets()).toEqual({});
  });

  it('a click opens nothing for a notification without a portal link, or whose stored target is not the portal', async () => {
    openPortalOnNotificationClick();
    await writeNotificationTargets({ tampered: 'https://security.microsoft.com.evil.example/incidents/1', other: 'javascript:alert(1)' });
    const opened = vi.spyOn(fakeBrowser.tabs, 'create');
    const cleared = vi.spyOn(fakeBrowser.notifications, 'clear');
    // One click at a time, as the analyst clicks (each click's handler reads and writes the targets).
    for (const [count, id] of ['tampered', 'other', 'never-stored'].entries()) {
      await fakeBrowser.notifications.onClicked.trigger(id);
      await vi.waitFor(() => expect(cleared).toHaveBeenCalledTimes(count + 1));
    }
    expect(opened).not.toHaveBeenCalled();
    expect(await readNotificationTargets()).toEqual({});
  });
});
