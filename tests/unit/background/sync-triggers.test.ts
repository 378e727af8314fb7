import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { pollAlarmName } from '@/utils/background/sync-runner';
import { watchSyncTriggers } from '@/utils/background/sync-triggers';
import { settingsSchema, type Settings } from '@/utils/domain/settings';
import { writeSettings, readSettings } from '@/utils/storage/settings-storage';

/**
 * What starts a sync round without the analyst asking (issue 15, item 5): the poll alarm, and a settings
 * change the sync depends on, which also re-arms the alarm; other settings only redraw the badge.
 */

const contoso = { tenantId: '0be4c400-0000-4000-8000-000000000001', displayName: 'Contoso', service: 'xdr' };
const fabrikam = { tenantId: 'fabrikam.onmicrosoft.com', resolvedTenantId: '0be4c400-0000-4000-8000-000000000002', displayName: 'Fabrikam', service: 'hunting' };
const base = settingsSchema.parse({ clientId: '11111111-2222-4333-8444-555555555555', tenants: [contoso, fabrikam], pollIntervalMinutes: 5 });

let alarms: Map<string, { periodInMinutes?: number; delayInMinutes?: number }>;

beforeEach(() => {
  fakeBrowser.reset();
  alarms = new Map();
  // fakeBrowser's alarms store is not implemented: a map stands in for Chrome's.
  vi.spyOn(fakeBrowser.alarms, 'get').mockImplementation((async (name: string) => {
    const alarm = alarms.get(name);
    return alarm ? { name, scheduledTime: 0, ...alarm } : undefined;
  }) as never);
  vi.spyOn(fakeBrowser.alarms, 'create').mockImplementation((async (name: string, info: { periodInMinutes?: number; delayInMinutes?: number }) => {
    alarms.set(name, { periodInMinutes: info.periodInMinutes, delayInMinutes: info.delayInMinutes });
  }) as never);
});

/** The triggers with injected settings: `change()` stores new settings and reports the change. */
function triggers(initial: Settings = base) {
  let settings = initial;
  let onChange: () => void = () => undefined;
  const sync = { runNow: vi.fn(async () => undefined), refreshBadge: vi.fn(async () => undefined) };
  const broker = { forgetTenant: vi.fn() };
  const watching = watchSyncTriggers({
    sync,
    broker,
    readSettings: async () => settings,
    watchSettings: (callback) => {
      onChange = callback;
      return () => undefined;
    },
  });
  const calls = () => sync.runNow.mock.calls.length + sync.refreshBadge.mock.calls.length;
  /** Stores `next`, reports the change and waits until it has been acted on (a round or a badge). */
  const change = async (next: Settings) => {
    const before = calls();
    settings = next;
    onChange();
    await vi.waitFor(() => expect(calls()).toBe(before + 1));
  };
  return { sync, broker, watching, change };
}

describe('the poll alarm', () => {
  it('starts a scheduled round when it fires, and nothing for another alarm', async () => {
    const { sync, watching } = triggers();
    await watching.ready;
    await fakeBrowser.alarms.onAlarm.trigger({ name: pollAlarmName, scheduledTime: 0, periodInMinutes: 5 });
    expect(sync.runNow.mock.calls).toEqual([[{ scheduled: true }]]);

    await fakeBrowser.alarms.onAlarm.trigger({ name: 'some-other-alarm', scheduledTime: 0 });
    expect(sync.runNow).toHaveBeenCalledTimes(1);
  });

  it('stops starting rounds once stopped', async () => {
    const { sync, watching } = triggers();
    await watching.ready;
    watching.stop();
    await fakeBrowser.alarms.onAlarm.trigger({ name: pollAlarmName, scheduledTime: 0 });
    expect(sync.runNow).not.toHaveBeenCalled();
  });
});

describe('settings', () => {
  it('at start: arm the alarm for the interval and draw the badge, without a round', async () => {
    const { sync, watching } = triggers();
    await watching.ready;
    expect(alarms.get(pollAlarmName)).toEqual({ periodInMinutes: 5, delayInMinutes: 5 });
    expect(sync.refreshBadge).toHaveBeenCalledTimes(1);
    expect(sync.runNow).not.toHaveBeenCalled();
  });

  it('a new poll interval re-arms the alarm and starts a round', async () => {
    const { sync, watching, change } = triggers();
    await watching.ready;
    sync.refreshBadge.mockClear();
    await change({ ...base, pollIntervalMinutes: 15 });
    expect(alarms.get(pollAlarmName)).toEqual({ periodInMinutes: 15, delayInMinutes: 15 });
    expect(sync.runNow.mock.calls).toEqual([[]]);
    expect(sync.refreshBadge).not.toHaveBeenCalled();
  });

  it('a tenant added starts a round', async () => {
    const woodgrove = settingsSchema.parse({ tenants: [{ tenantId: '0be4c400-0000-4000-8000-000000000003', displayName: 'Woodgrove', service: 'xdr' }] }).tenants[0]!;
    const { sync, broker, watching, change } = triggers();
    await watching.ready;
    await change({ ...base, tenants: [...base.tenants, woodgrove] });
    expect(sync.runNow).toHaveBeenCalledTimes(1);
    expect(broker.forgetTenant).not.toHaveBeenCalled();
  });

  it('a tenant removed starts a round and its tokens are forgotten (by domain and by GUID)', async () => {
    const { sync, broker, watching, change } = triggers();
    await watching.ready;
    await change({ ...base, tenants: [base.tenants[0]!] });
    expect(sync.runNow).toHaveBeenCalledTimes(1);
    expect(broker.forgetTenant.mock.calls.map(([id]) => id).sort()).toEqual([fabrikam.resolvedTenantId, fabrikam.tenantId]);
  });

  it('a tenant’s service changed, or a new client ID, start a round', async () => {
    for (const next of [
      { ...base, tenants: [base.tenants[0]!, { ...base.tenants[1]!, service: 'xdr' as const }] },
      { ...base, clientId: '99999999-2222-4333-8444-555555555555' },
    ]) {
      const { sync, watching, change } = triggers();
      await watching.ready;
      await change(next);
      expect(sync.runNow).toHaveBeenCalledTimes(1);
    }
  });

  it('a change the sync does not depend on only redraws the badge, and keeps the alarm', async () => {
    const { sync, watching, change } = triggers();
    await watching.ready;
    const created = vi.mocked(fakeBrowser.alarms.create).mock.calls.length;
    sync.refreshBadge.mockClear();
    await change({ ...base, tenants: base.tenants.map((tenant) => ({ ...tenant, displayName: `${tenant.displayName} (renamed)` })) });
    expect(sync.refreshBadge).toHaveBeenCalledTimes(1);
    expect(sync.runNow).not.toHaveBeenCalled();
    expect(vi.mocked(fakeBrowser.alarms.create).mock.calls.length).toBe(created);
  });

  it('by default, follows the settings stored in extension storage', async () => {
    await writeSettings(base);
    const sync = { runNow: vi.fn(async () => undefined), refreshBadge: vi.fn(async () => undefined) };
    const watching = watchSyncTriggers({ sync, broker: { forgetTenant: vi.fn() }, readSettings });
    await watching.ready;
    await writeSettings({ ...base, pollIntervalMinutes: 30 });
    await vi.waitFor(() => expect(sync.runNow).toHaveBeenCalledTimes(1));
    expect(alarms.get(pollAlarmName)).toEqual({ periodInMinutes: 30, delayInMinutes: 30 });
    watching.stop();
  });
});
