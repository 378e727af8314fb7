// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The MSAL host's handling of the cache key, with MSAL replaced by a recorder: the key is loaded before
 * MSAL starts (never a start without it), and sign-out drops it so the next start loads a new one.
 */
const msal = vi.hoisted(() => ({ events: [] as string[], accounts: [] as unknown[] }));
vi.mock('@azure/msal-browser', () => {
  class PublicClientApplication {
    async initialize() {
      msal.events.push('initialize');
    }
    getActiveAccount() {
      return null;
    }
    getAllAccounts() {
      return msal.accounts;
    }
    async clearCache() {
      msal.events.push('clearCache');
    }
    setActiveAccount() {}
  }
  class InteractionRequiredAuthError extends Error {}
  return { PublicClientApplication, InteractionRequiredAuthError, CacheLookupPolicy: { AccessTokenAndRefreshToken: 3 } };
});

const { createMsalAuthHost } = await import('@/utils/auth/msal-auth-host');

const clientId = '0a1b2c3d-0000-4000-8000-000000000001';
const redirectUri = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';

describe('createMsalAuthHost and the cache key', () => {
  beforeEach(() => {
    msal.events.length = 0;
    msal.accounts = [];
  });

  function hostWithKey(load: () => Promise<void> = async () => undefined) {
    const port = {
      load: vi.fn(async () => {
        msal.events.push('load');
        await load();
      }),
      forget: vi.fn(() => void msal.events.push('forget')),
    };
    return { host: createMsalAuthHost(port), port };
  }

  it('loads the key before MSAL starts, once per start', async () => {
    const { host } = hostWithKey();
    await host.handle({ type: 'account', clientId, redirectUri });
    await host.handle({ type: 'account', clientId, redirectUri });
    expect(msal.events).toEqual(['load', 'initialize']);
  });

  it('after a browser restart (a new key: MSAL dropped what it cannot decrypt) answers "no account", not an error', async () => {
    const { host } = hostWithKey();
    expect(await host.handle({ type: 'account', clientId, redirectUri })).toEqual({ ok: true, account: null });
    expect(
      await host.handle({ type: 'acquireSilent', clientId, redirectUri, scopes: ['x'], tenantId: clientId, forceRefresh: false }),
    ).toMatchObject({ ok: false, kind: 'noAccount' });
  });

  it('does not start MSAL without the key: the request fails and the next one asks again', async () => {
    let available = false;
    const { host } = hostWithKey(async () => {
      if (!available) throw new Error('The worker did not answer.');
    });
    expect(await host.handle({ type: 'account', clientId, redirectUri })).toMatchObject({ ok: false, kind: 'failed' });
    expect(msal.events).toEqual(['load']);
    available = true;
    expect(await host.handle({ type: 'account', clientId, redirectUri })).toEqual({ ok: true, account: null });
    expect(msal.events).toEqual(['load', 'load', 'initialize']);
  });

  it('sign-out clears MSAL’s cache, forgets the key, and the next start loads a key again', async () => {
    const { host } = hostWithKey();
    await host.handle({ type: 'account', clientId, redirectUri });
    await host.handle({ type: 'signOut', clientId, redirectUri });
    await host.handle({ type: 'account', clientId, redirectUri });
    expect(msal.events).toEqual(['load', 'initialize', 'clearCache', 'forget', 'load', 'initialize']);
  });

  it('forgetting a tenant removes its tokens from localStorage and restarts MSAL from it (its memory held them), the key kept', async () => {
    const tenant = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    const key = `msal.3|oid.home|login.microsoftonline.com|accesstoken|${clientId}|${tenant}|scope|`;
    localStorage.setItem(key, 'encrypted');
    const { host } = hostWithKey();
    await host.handle({ type: 'account', clientId, redirectUri });
    expect(await host.handle({ type: 'forgetTenants', clientId, redirectUri, tenantIds: [tenant] })).toEqual({ ok: true });
    expect(localStorage.getItem(key)).toBeNull();
    await host.handle({ type: 'account', clientId, redirectUri });
    expect(msal.events).toEqual(['load', 'initialize', 'load', 'initialize']);
  });
});
