import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { createTokenBroker } from '@/utils/auth/token-broker';
import {
  askOffscreenAuthHost,
  launchWebAuthFlow,
  webAuthRedirectUri,
} from '@/utils/auth/offscreen-auth-host';
import { serveMsalCacheKey } from '@/utils/auth/msal-cache-key';
import { createBackgroundPageAuthHost } from '@/utils/auth/background-page-auth-host';
import { authorizeRequest } from '@/utils/background/authorize-request';
import { openPortalOnNotificationClick, showPendingNotifications } from '@/utils/background/incident-notifications';
import { armPollingOnLifecycle } from '@/utils/background/polling-lifecycle';
import { createMessageHandlers } from '@/utils/background/message-handlers';
import { createMessageListener } from '@/utils/background/message-listener';
import { createBrowserWriteConfirmations } from '@/utils/background/write-confirmations';
import { createPortalTabs } from '@/utils/background/portal-tabs';
import { watchPanelShortcut } from '@/utils/background/panel-shortcut';
import { createSyncRunner } from '@/utils/background/sync-runner';
import { createHuntDrafts } from '@/utils/background/hunt-drafts';
import { createHuntService } from '@/utils/background/hunt-service';
import { createHuntKeepAlive } from '@/utils/background/hunt-keepalive';
import { onTenantDataPurged } from '@/utils/background/sign-out-purge';
import { watchSyncTriggers } from '@/utils/background/sync-triggers';
import { backgroundRequestSchema } from '@/utils/messages/background-requests';
import { readSettings, readSignedInAccount } from '@/utils/storage/settings-storage';
import { readOrCreateMsalCacheKey } from '@/utils/storage/msal-cache-key-storage';
import { closeLocalStorageToContentScripts } from '@/utils/storage/storage-access';
import { startLegacyLocalStorageImport } from '@/utils/storage/legacy-local-storage-import';
import { moveLegacyAuditLog } from '@/utils/storage/audit-log-storage';

export default defineBackground(() => {
  closeLocalStorageToContentScripts();
  // Caches and pending notifications of older versions move from storage.local to IndexedDB, once.
  void startLegacyLocalStorageImport();
  // So is an older version's audit log (it names tenants, incidents and analysts).
  void moveLegacyAuditLog();

  // MSAL needs a document: Chromium's offscreen page; on Firefox (no offscreen API) this event page itself.
  const askAuthHost = import.meta.env.FIREFOX ? createBackgroundPageAuthHost(readOrCreateMsalCacheKey) : askOffscreenAuthHost;
  const broker = createTokenBroker({
    askAuthHost,
    launchWebAuthFlow,
    redirectUri: webAuthRedirectUri(),
    now: () => Date.now(),
    signedInUsername: async () => (await readSignedInAccount())?.username ?? null,
  });
  // MSAL's cache key, memory only (storage.session), handed to the offscreen MSAL host on its request.
  if (!import.meta.env.FIREFOX) serveMsalCacheKey(readOrCreateMsalCacheKey);
  const sync = createSyncRunner(broker);
  // Hunting across tenants (issue 16): runs a stopped worker left going are marked interrupted first; while
  // a run is active the worker keeps itself alive (an extension API call every 20 s); a removed tenant (or
  // sign-out) leaves the runs in flight and the drafts before its stored data goes.
  const hunts = createHuntService({ broker, keepAlive: createHuntKeepAlive() });
  void hunts.start().catch((error: unknown) => console.warn('[Handoff] marking interrupted hunts failed', error));
  const huntDrafts = createHuntDrafts({ broker });
  onTenantDataPurged((tenantKeys) => {
    hunts.forgetTenants(tenantKeys);
    huntDrafts.forgetTenants(tenantKeys);
  });
  const handle = createMessageHandlers({ broker, sync, confirmations: createBrowserWriteConfirmations(), hunts, huntDrafts });
  const extension = { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
  const portalTabs = createPortalTabs();
  portalTabs.watch();
  // Alt+Shift+H (manifest `commands`): the active portal tab's panel takes the focus.
  watchPanelShortcut();

  // Envelope, contract, sender's authorisation, then the handler (utils/background/message-listener.ts).
  browser.runtime.onMessage.addListener(
    createMessageListener({ parse: (message) => backgroundRequestSchema.safeParse(message), authorize: authorizeRequest, handle, portalTabs, extension }),
  );

  // The poll alarm and settings changes start rounds (utils/background/sync-triggers.ts).
  void watchSyncTriggers({ sync, broker, readSettings }).ready;
  armPollingOnLifecycle(readSettings);
  openPortalOnNotificationClick();
  // A round's notifications persisted before the worker stopped are shown now.
  void showPendingNotifications().catch((error: unknown) => console.warn('[Handoff] notifications failed', error));
});
