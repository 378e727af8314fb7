import type { MsalCacheKey } from '../domain/msal-cache-key';
import type { AuthHostRequest, AuthHostResponse } from './auth-protocol';
import { installExtensionCookieJar } from './extension-cookie-jar';
import { createMsalAuthHost } from './msal-auth-host';
import { msalCacheKeyCookieName, msalCacheKeyCookieValue } from './msal-cache-key';

/**
 * Firefox's MSAL host. Firefox has no offscreen documents, and its MV3 background is an event page (a
 * document with `window` and `localStorage`), not a service worker, so MSAL accepts to run right there:
 * the broker calls it in-process instead of messaging another document. Everything else is as on
 * Chromium: MSAL's cache in this page's localStorage, its encryption key (`readKey`: storage.session,
 * memory only) in an in-memory `document.cookie` jar, never on disk. An idle event page is unloaded and
 * starts again with the next event; MSAL then starts from its localStorage cache and the session's key.
 */
export function createBackgroundPageAuthHost(
  readKey: () => Promise<MsalCacheKey>,
  doc: Document = document,
): (request: AuthHostRequest) => Promise<AuthHostResponse> {
  const jar = installExtensionCookieJar(doc);
  const host = createMsalAuthHost({
    async load() {
      jar.set(msalCacheKeyCookieName, msalCacheKeyCookieValue(await readKey()));
    },
    forget: () => jar.clear(),
  });
  return (request) => host.handle(request);
}
