import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { armPollingOnLifecycle } from '@/utils/background/polling-lifecycle';
import { pollAlarmName } from '@/utils/background/sync-runner';
import { defaultSettings } from '@/utils/domain/settings';

/** The poll alarm comes back after a browser restart or an update, without waiting for a settings change. */
describe('armPollingOnLifecycle', () => {
  let alarms: Map<string, { periodInMinutes?: number }>;

  beforeEach(() => {
    fakeBrowser.reset();
    alarms = new Map();
    // fakeBrowser's alarms API is not implemented: a map stands in for Chrome's alarm store.
    vi.spyOn(fakeBrowser.alarms, 'get').mockImplementation((async (name: string) => {
      const alarm = alarms.get(name);
      return alarm ? { name, scheduledTime: 0, ...alarm } : undefined;
    }) as never);
    vi.spyOn(fakeBrowser.alarms, 'create').mockImplementation((async (name: string, info: { periodInMinutes?: number }) => {
      alarms.set(name, { periodInMinutes: info.periodInMinutes });
    }) as never);
  });

  const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

  it.each(['onStartup', 'onInstalled'] as const)('re-creates the poll alarm on runtime.%s', async (event) => {
    armPollingOnLifecycle(async () => ({ ...defaultSettings, pollIntervalMinutes: 7 }));
    expect(alarms.size).toBe(0);
    if (event === 'onStartup') await fakeBrowser.runtime.onStartup.trigger();
    else await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update' } as never);
    await settled();
    expect(alarms.get(pollAlarmName)).toEqual({ periodInMinutes: 7 });
  });
});
