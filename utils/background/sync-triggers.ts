import { browser } from 'wxt/browser';
import type { TokenBroker } from '../auth/token-broker';
import { tenantKey, type Settings } from '../domain/settings';
import { watchStoredSettings } from '../storage/settings-storage';
import { pollAlarmName, schedulePolling, type SyncRunner } from './sync-runner';

/**
 * What starts a sync round besides the popup's "Sync now": the poll alarm (a scheduled round), and a
 * settings change the sync depends on (client ID, tenants and their service, poll interval), which also
 * re-arms the alarm for the interval. Other setting changes (badge options) only redraw the badge. A
 * removed tenant's tokens leave the broker's memory at once; its cache and summary go in the next round.
 * Listeners are registered synchronously, at the worker's first run, as MV3 needs.
 */

export interface SyncTriggerDeps {
  sync: Pick<SyncRunner, 'runNow' | 'refreshBadge'>;
  broker: Pick<TokenBroker, 'forgetTenant'>;
  readSettings: () => Promise<Settings>;
  /** Calls back on every stored settings change (default: settings, account, scopes and policy). */
  watchSettings?: (onChange: () => void) => () => void;
}

/** What the sync depends on, as a comparable string. */
function syncFingerprint(settings: Settings): string {
  return JSON.stringify([settings.clientId, settings.tenants.map((t) => [tenantKey(t), t.service]), settings.pollIntervalMinutes]);
}

/**
 * Starts watching: the alarm, then the settings, read once now (arming the alarm and drawing the badge,
 * no round). Returns that first read's promise and a stop function.
 */
export function watchSyncTriggers(deps: SyncTriggerDeps): { ready: Promise<void>; stop: () => void } {
  const { sync, broker, readSettings } = deps;
  const onAlarm = (alarm: { name: string }) => {
    if (alarm.name === pollAlarmName) void sync.runNow({ scheduled: true });
  };
  browser.alarms.onAlarm.addListener(onAlarm);

  let lastFingerprint: string | undefined;
  let lastTenantIds = new Set<string>();
  const onSettings = async () => {
    const settings = await readSettings();
    await schedulePolling(settings);
    const fingerprint = syncFingerprint(settings);
    const changed = lastFingerprint !== undefined && fingerprint !== lastFingerprint;
    lastFingerprint = fingerprint;
    const tenantIds = new Set(settings.tenants.flatMap((t) => [t.tenantId, t.resolvedTenantId ?? '']));
    for (const id of lastTenantIds) if (!tenantIds.has(id)) broker.forgetTenant(id);
    lastTenantIds = tenantIds;
    if (changed) await sync.runNow();
    else await sync.refreshBadge();
  };
  const stopWatching = (deps.watchSettings ?? watchStoredSettings)(() => void onSettings());
  return {
    ready: onSettings(),
    stop: () => {
      stopWatching();
      browser.alarms.onAlarm.removeListener(onAlarm);
    },
  };
}
