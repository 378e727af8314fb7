import { browser as chromeApi } from '@wxt-dev/browser';

/**
 * Content scripts get incident data through validated messages only, never by reading storage: on
 * Chromium, storage.local is closed to them (TRUSTED_CONTEXTS). Firefox has no access levels; see
 * DEVELOPERS.md ("Storage") for where incident data goes there.
 */
export function closeLocalStorageToContentScripts(): void {
  void chromeApi.storage?.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);
}
