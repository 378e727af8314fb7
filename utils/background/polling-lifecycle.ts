import { browser } from 'wxt/browser';
import type { Settings } from '../domain/settings';
import { schedulePolling } from './sync-runner';

/**
 * Polling survives whatever the browser does to alarms: Chrome may clear them on a browser restart and
 * always on an update, and a worker that no event wakes never re-creates them. So the poll alarm is
 * re-armed when the browser starts and when Handoff is installed or updated, besides every settings
 * change (background.ts). Listeners are registered synchronously, at the worker's first run, as MV3 needs.
 */
export function armPollingOnLifecycle(readSettings: () => Promise<Settings>): void {
  const arm = () => {
    void readSettings()
      .then(schedulePolling)
      .catch((error: unknown) => console.warn('[Handoff] could not arm polling', error));
  };
  browser.runtime.onStartup.addListener(arm);
  browser.runtime.onInstalled.addListener(arm);
}
