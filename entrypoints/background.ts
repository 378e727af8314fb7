import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { createTokenBroker } from '@/utils/auth/token-broker';
import {
  askOffscreenAuthHost,
  launchWebAuthFlow,
  webAuthRedirectUri,
} from '@/utils/auth/offscreen-auth-host';
import { serveMsalCacheKey } from '@/utils/auth/msal-cache-key';
import { authorizeRequest } from '@/utils/background/authorize-request';
import { openPortalOnNotificationClick, showPendingNotifications } from '@/utils/background/incident-notifications';
import { armPollingOnLifecycle } from '@/utils/background/polling-lifecycle';
import { createMessageHandlers } from '@/utils/background/message-handlers';
import { createBrowserWriteConfirmations } from '@/utils/background/write-confirmations';
import { createPortalTabs } from '@/utils/background/portal-tabs';
import { createSyncRunner, pollAlarmName, schedulePolling } from '@/utils/background/sync-runner';
import { backgroundRequestSchema } from '@/utils/messages/background-requests';
import { readSettings, readSignedInAccount, watchStoredSettings } from '@/utils/storage/settings-storage';
import { readOrCreateMsalCacheKey } from '@/utils/storage/msal-cache-key-storage';
import { closeLocalStorageToContentScripts } from '@/utils/storage/storage-access';
import { tenantKey, type Settings } from '@/utils/domain/settings';

export default defineBackground(() => {
  closeLocalStorageToContentScripts();

  const broker = createTokenBroker({
    askAuthHost: askOffscreenAuthHost,
    launchWebAuthFlow,
    redirectUri: webAuthRedirectUri(),
    now: () => Date.now(),
    signedInUsername: async () => (await readSignedInAccount())?.username ?? null,
  });
  // MSAL's cache key, memory only (storage.session), handed to the offscreen MSAL host on its request.
  serveMsalCacheKey(readOrCreateMsalCacheKey);
  const sync = createSyncRunner(broker);
  const handle = createMessageHandlers({ broker, sync, confirmations: createBrowserWriteConfirmations() });
  const extension = { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
  const portalTabs = createPortalTabs();
  portalTabs.watch();

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const envelope = message as { target?: unknown } | null;
    if (envelope?.target !== undefined) return undefined; // addressed to another context (the auth host)
    const parsed = backgroundRequestSchema.safeParse(message);
    if (!parsed.success) return Promise.resolve({ ok: false, error: 'Handoff did not understand that request.' });
    const allowed = authorizeRequest(parsed.data, { id: sender.id, url: sender.url, tabUrl: sender.tab?.url }, extension);
    if (!allowed.ok) return Promise.resolve({ ok: false, error: allowed.reason });
    // A portal tab that asked is told when its tenant's cache changes (chips and panel follow).
    if (allowed.from === 'portalTab' && sender.tab?.id !== undefined) {
      void portalTabs.remember(sender.tab.id, 'tenantId' in parsed.data ? parsed.data.tenantId : null);
    }
    return handle(parsed.data).catch((error: unknown) => ({
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    }));
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === pollAlarmName) void sync.runNow();
  });
  armPollingOnLifecycle(readSettings);
  openPortalOnNotificationClick();
  // A round's notifications persisted before the worker stopped are shown now.
  void showPendingNotifications().catch((error: unknown) => console.warn('[Handoff] notifications failed', error));

  // What the sync depends on; other setting changes (badge options) only redraw the badge.
  const syncFingerprint = (settings: Settings) =>
    JSON.stringify([settings.clientId, settings.tenants.map((t) => [tenantKey(t), t.service]), settings.pollIntervalMinutes]);
  let lastFingerprint: string | undefined;
  let lastTenantIds = new Set<string>();
  const onSettings = async () => {
    const settings = await readSettings();
    await schedulePolling(settings);
    const fingerprint = syncFingerprint(settings);
    const changed = lastFingerprint !== undefined && fingerprint !== lastFingerprint;
    lastFingerprint = fingerprint;
    // A removed tenant's tokens leave the broker's memory (its cache and summary go in the next round).
    const tenantIds = new Set(settings.tenants.flatMap((t) => [t.tenantId, t.resolvedTenantId ?? '']));
    for (const id of lastTenantIds) if (!tenantIds.has(id)) broker.forgetTenant(id);
    lastTenantIds = tenantIds;
    if (changed) await sync.runNow();
    else await sync.refreshBadge();
  };
  watchStoredSettings(() => void onSettings());
  void onSettings();
});
