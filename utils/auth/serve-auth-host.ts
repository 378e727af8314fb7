import type { Runtime } from 'webextension-polyfill';
import { browser } from 'wxt/browser';
import { authHostRequestSchema, authHostTarget, type AuthHostResponse } from './auth-protocol';
import { installExtensionCookieJar } from './extension-cookie-jar';
import { createMsalAuthHost } from './msal-auth-host';
import { msalCacheKeyCookieName, msalCacheKeyCookieValue, requestMsalCacheKey } from './msal-cache-key';

/** Where versions before the key moved to memory kept MSAL's key on disk: removed on every start. */
const legacyCookieJarKey = 'handoff.cookieJar';

/** Only the background script may talk to the MSAL host: never a content script, popup or options page. */
function isFromBackground(sender: Runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id && !sender.tab && sender.url === browser.runtime.getURL('/background.js');
}

export function serveAuthHost(): void {
  localStorage.removeItem(legacyCookieJarKey);
  const jar = installExtensionCookieJar(document);
  const host = createMsalAuthHost({
    // Before MSAL starts: the worker's key of this browser session into the in-memory cookie jar.
    async load() {
      jar.set(msalCacheKeyCookieName, msalCacheKeyCookieValue(await requestMsalCacheKey()));
    },
    forget: () => jar.clear(),
  });
  browser.runtime.onMessage.addListener((message: unknown, sender): Promise<AuthHostResponse> | undefined => {
    const envelope = message as { target?: unknown; request?: unknown } | null;
    if (envelope?.target !== authHostTarget) return undefined;
    if (!isFromBackground(sender)) return undefined;
    const parsed = authHostRequestSchema.safeParse(envelope.request);
    if (!parsed.success) {
      return Promise.resolve({ ok: false, kind: 'failed', message: 'The sign-in request was malformed.' });
    }
    return host.handle(parsed.data);
  });
}
