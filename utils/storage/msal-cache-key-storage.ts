import { storage } from 'wxt/utils/storage';
import { msalCacheKeySchema, type MsalCacheKey } from '../domain/msal-cache-key';

/**
 * MSAL's cache-encryption key (domain/msal-cache-key.ts) in storage.session: memory only (never written
 * to the profile on disk), kept across service-worker restarts, gone with the browser.
 */
export const msalCacheKeyItem = storage.defineItem<unknown>('session:msalCacheKey', { version: 1 });

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function newMsalCacheKey(): MsalCacheKey {
  return { id: crypto.randomUUID(), key: base64Url(crypto.getRandomValues(new Uint8Array(32))) };
}

let creating: Promise<MsalCacheKey> | undefined;

/** The key of this browser session, made on first need (one key even when asked twice at once). */
export function readOrCreateMsalCacheKey(): Promise<MsalCacheKey> {
  creating ??= (async () => {
    const stored = msalCacheKeySchema.safeParse(await msalCacheKeyItem.getValue());
    if (stored.success) return stored.data;
    const created = newMsalCacheKey();
    await msalCacheKeyItem.setValue(created);
    return created;
  })().finally(() => {
    creating = undefined;
  });
  return creating;
}

/** Sign-out: the key goes, so nothing MSAL wrote with it can be read again. */
export async function forgetMsalCacheKey(): Promise<void> {
  await msalCacheKeyItem.removeValue();
}
