import type { Runtime } from 'webextension-polyfill';
import { browser } from 'wxt/browser';
import { msalCacheKeySchema, type MsalCacheKey } from '../domain/msal-cache-key';

/**
 * MSAL's cache-encryption key travels from the worker (which keeps it in storage.session, memory only)
 * to the MSAL host document by message: the offscreen document has only `chrome.runtime`.
 */
export const msalCacheKeyTarget = 'handoff-msal-cache-key';
const hostPath = '/offscreen.html';

/** Only the MSAL host document gets the key: never a content script, another extension or another page. */
function isFromAuthHost(sender: Runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id && !sender.tab && sender.url === browser.runtime.getURL(hostPath);
}

/** Worker: answers the host's request with the key of this browser session (`readKey`: storage.session). */
export function serveMsalCacheKey(readKey: () => Promise<MsalCacheKey>): void {
  browser.runtime.onMessage.addListener((message: unknown, sender): Promise<MsalCacheKey> | undefined => {
    const envelope = message as { target?: unknown } | null;
    if (envelope?.target !== msalCacheKeyTarget || !isFromAuthHost(sender)) return undefined;
    return readKey();
  });
}

/** MSAL host: asks the worker for the key; throws when no valid key comes back. */
export async function requestMsalCacheKey(): Promise<MsalCacheKey> {
  const answer: unknown = await browser.runtime.sendMessage({ target: msalCacheKeyTarget });
  return msalCacheKeySchema.parse(answer);
}

/** The value of MSAL's `msal.cache.encryption` cookie for that key (as MSAL's CookieStorage writes it). */
export function msalCacheKeyCookieValue(key: MsalCacheKey): string {
  return encodeURIComponent(JSON.stringify({ id: key.id, key: key.key }));
}

export const msalCacheKeyCookieName = 'msal.cache.encryption';
