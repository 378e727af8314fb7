import { browser as chromeApi } from '@wxt-dev/browser';

/**
 * Content scripts get incident data through validated messages only, never by reading storage: on
 * Chromium, storage.local is closed to them (TRUSTED_CONTEXTS). Firefox has setAccessLevel for
 * storage.session only (closed to content scripts by default, MDN) and opens storage.local to them
 * (Mozilla bug 1724754): there this call does nothing, and incidents live in the extension origin's
 * IndexedDB instead (handoff-database.ts), which a content script cannot open; the Firefox smoke suite
 * checks it (tests/firefox/firefox-smoke.spec.ts).
 */
export function closeLocalStorageToContentScripts(): void {
  void chromeApi.storage?.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);
}
