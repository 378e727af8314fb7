// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Firefox's MSAL host runs in the background page itself (no offscreen document). MSAL is replaced by a
 * recorder that reads the page's `document.cookie` when it starts, as MSAL reads its cache key there:
 * the session's key must be in the in-memory jar before MSAL starts, and sign-out must drop it.
 */
const msal = vi.hoisted(() => ({ cookiesAtStart: [] as string[], cleared: 0 }));
vi.mock('@azure/msal-browser', () => {
  class PublicClientApplication {
    async initialize() {
      msal.cookiesAtStart.push(document.cookie);
    }
    getActiveAccount() {
      return null;
    }
    getAllAccounts() {
      return [];
    }
    async clearCache() {
      msal.cleared += 1;
    }
    setActiveAccount() {}
  }
  class InteractionRequiredAuthError extends Error {}
  return { PublicClientApplication, InteractionRequiredAuthError, CacheLookupPolicy: { AccessTokenAndRefreshToken: 3 } };
});

const { createBackgroundPageAuthHost } = await import('@/utils/auth/background-page-auth-host');

const clientId = '0a1b2c3d-0000-4000-8000-000000000001';
const redirectUri = 'https://5fe478ea2cf0a8cc009c30225dd6f88643cd8b47.extensions.allizom.org/';
const firstKey = { id: '6d3a3c1e-1111-4222-8333-444455556666', key: 'A'.repeat(43) };
const secondKey = { id: '6d3a3c1e-1111-4222-8333-777788889999', key: 'B'.repeat(43) };

describe('createBackgroundPageAuthHost (Firefox: MSAL in the event page)', () => {
  beforeEach(() => {
    msal.cookiesAtStart.length = 0;
    msal.cleared = 0;
  });

  it('puts the session key in the page’s in-memory cookie jar before MSAL starts, and answers in-process', async () => {
    const readKey = vi.fn(async () => firstKey);
    const ask = createBackgroundPageAuthHost(readKey, document);
    expect(await ask({ type: 'account', clientId, redirectUri })).toEqual({ ok: true, account: null });
    expect(readKey).toHaveBeenCalledOnce();
    expect(msal.cookiesAtStart).toHaveLength(1);
    expect(decodeURIComponent(msal.cookiesAtStart[0]!)).toBe(`msal.cache.encryption=${JSON.stringify(firstKey)}`);
  });

  it('drops the key at sign-out, so the next MSAL start loads the new one', async () => {
    const keys = [firstKey, secondKey];
    const ask = createBackgroundPageAuthHost(async () => keys.shift()!, document);
    await ask({ type: 'account', clientId, redirectUri });
    expect(await ask({ type: 'signOut', clientId, redirectUri })).toEqual({ ok: true, account: null });
    expect(msal.cleared).toBe(1);
    expect(document.cookie).toBe('');
    await ask({ type: 'account', clientId, redirectUri });
    expect(decodeURIComponent(msal.cookiesAtStart[1]!)).toBe(`msal.cache.encryption=${JSON.stringify(secondKey)}`);
  });
});
