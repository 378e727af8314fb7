import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  msalCacheKeyCookieName,
  msalCacheKeyCookieValue,
  msalCacheKeyTarget,
  requestMsalCacheKey,
  serveMsalCacheKey,
} from '@/utils/auth/msal-cache-key';
import { readOrCreateMsalCacheKey } from '@/utils/storage/msal-cache-key-storage';

const key = { id: '6f1c2a5e-8d0b-4c1e-9a7f-3b2d1e0f4a5b', key: 'A'.repeat(43) };

describe('the MSAL cache key between worker and MSAL host', () => {
  beforeEach(() => fakeBrowser.reset());

  const host = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/offscreen.html') });

  it('the worker hands the storage.session key to the offscreen MSAL host', async () => {
    serveMsalCacheKey(readOrCreateMsalCacheKey);
    const [answer] = await fakeBrowser.runtime.onMessage.trigger({ target: msalCacheKeyTarget }, host());
    expect(answer).toEqual(await readOrCreateMsalCacheKey());
    expect(await fakeBrowser.storage.session.get('msalCacheKey')).toEqual({ msalCacheKey: answer });
  });

  it('never to a content script, another page of the extension or another extension', async () => {
    const readKey = vi.fn(async () => key);
    serveMsalCacheKey(readKey);
    const senders = [
      { ...host(), tab: { id: 1, index: 0, highlighted: false, active: true, pinned: false, incognito: false } },
      { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') },
      { id: 'another-extension', url: 'chrome-extension://another-extension/offscreen.html' },
      { id: fakeBrowser.runtime.id, url: 'https://security.microsoft.com/incidents' },
    ];
    for (const sender of senders) {
      expect(await fakeBrowser.runtime.onMessage.trigger({ target: msalCacheKeyTarget }, sender)).toEqual([undefined]);
    }
    expect(readKey).not.toHaveBeenCalled();
  });

  it('ignores messages addressed to others', async () => {
    const readKey = vi.fn(async () => key);
    serveMsalCacheKey(readKey);
    expect(await fakeBrowser.runtime.onMessage.trigger({ type: 'refreshNow' }, host())).toEqual([undefined]);
    expect(readKey).not.toHaveBeenCalled();
  });

  it('the MSAL host asks for the key by message and accepts only a key in MSAL’s format', async () => {
    const listener = vi.fn(async (message: unknown) =>
      (message as { target?: string }).target === msalCacheKeyTarget ? key : undefined,
    );
    fakeBrowser.runtime.onMessage.addListener(listener);
    expect(await requestMsalCacheKey()).toEqual(key);
    expect(listener).toHaveBeenCalledWith({ target: msalCacheKeyTarget }, expect.anything());

    fakeBrowser.reset();
    fakeBrowser.runtime.onMessage.addListener(async () => ({ id: key.id, key: 'not-a-key' }));
    await expect(requestMsalCacheKey()).rejects.toThrow();
  });

  it('is written into the cookie MSAL reads, in MSAL CookieStorage’s encoding', () => {
    expect(msalCacheKeyCookieName).toBe('msal.cache.encryption');
    expect(decodeURIComponent(msalCacheKeyCookieValue(key))).toBe(JSON.stringify({ id: key.id, key: key.key }));
  });
});
