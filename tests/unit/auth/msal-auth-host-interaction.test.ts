// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * MSAL's "interaction in progress" after a flow that never came back, with MSAL replaced by a model of
 * what msal-browser 5 does (StandardController, BrowserCacheManager): acquireTokenRedirect refuses while
 * the flag is set (whoever set it); the flag carries the client id that set it and only that client id
 * clears it; handleRedirectPromise without a response clears it, but an instance answers a second call
 * with the same hash from its memory (redirectResponse) and clears nothing.
 */
const msal = vi.hoisted(() => ({ flag: null as string | null, instances: 0 }));
vi.mock('@azure/msal-browser', () => {
  class PublicClientApplication {
    readonly clientId: string;
    readonly onRedirectNavigate: (url: string) => boolean;
    readonly memo = new Map<string, Promise<null>>();
    constructor(config: { auth: { clientId: string; onRedirectNavigate: (url: string) => boolean } }) {
      this.clientId = config.auth.clientId;
      this.onRedirectNavigate = config.auth.onRedirectNavigate;
      msal.instances += 1;
    }
    async initialize() {}
    getActiveAccount() {
      return null;
    }
    getAllAccounts() {
      return [];
    }
    handleRedirectPromise(options: { hash: string }) {
      const remembered = this.memo.get(options.hash);
      if (remembered) return remembered;
      if (msal.flag === this.clientId) msal.flag = null;
      const answer = Promise.resolve(null);
      this.memo.set(options.hash, answer);
      return answer;
    }
    async acquireTokenRedirect() {
      if (msal.flag !== null) throw Object.assign(new Error('interaction_in_progress'), { errorCode: 'interaction_in_progress' });
      msal.flag = this.clientId;
      this.onRedirectNavigate(`https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=${this.clientId}`);
    }
  }
  class InteractionRequiredAuthError extends Error {}
  return { PublicClientApplication, InteractionRequiredAuthError, CacheLookupPolicy: { AccessTokenAndRefreshToken: 3 } };
});

const { createMsalAuthHost } = await import('@/utils/auth/msal-auth-host');
type AuthHostRequest = import('@/utils/auth/auth-protocol').AuthHostRequest;

const wrongClientId = '11111111-2222-4333-8444-555555555555';
const clientId = '0a1b2c3d-0000-4000-8000-000000000001';
const redirectUri = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const begin = (id: string): AuthHostRequest => ({
  type: 'beginRedirect',
  clientId: id,
  redirectUri,
  scopes: ['openid'],
  tenantId: null,
  prompt: 'select_account',
});
/** What the token broker sends when launchWebAuthFlow failed: the redirect URI without a response. */
const abandon = (id: string): AuthHostRequest => ({ type: 'completeRedirect', clientId: id, redirectUri, responseUrl: redirectUri });

describe('createMsalAuthHost: a flow that never came back', () => {
  beforeEach(() => {
    msal.flag = null;
    msal.instances = 0;
  });

  it('an abandoned flow clears MSAL’s flag: the same application id may sign in again', async () => {
    const host = createMsalAuthHost();
    expect(await host.handle(begin(clientId))).toMatchObject({ ok: true, authorizeUrl: expect.stringContaining(clientId) });
    expect(msal.flag).toBe(clientId);
    expect(await host.handle(abandon(clientId))).toEqual({ ok: false, kind: 'cancelled', message: 'The sign-in was not completed.' });
    expect(msal.flag).toBeNull();
    expect(await host.handle(begin(clientId))).toMatchObject({ ok: true });
  });

  it('a wrong application id abandoned, then the right one: the new flow starts', async () => {
    const host = createMsalAuthHost();
    await host.handle(begin(wrongClientId));
    await host.handle(abandon(wrongClientId));
    expect(await host.handle(begin(clientId))).toMatchObject({ ok: true, authorizeUrl: expect.stringContaining(clientId) });
    expect(msal.flag).toBe(clientId);
  });

  it('a flow of another application id never completed nor abandoned (the worker died): cleared before the next begins', async () => {
    const host = createMsalAuthHost();
    await host.handle(begin(wrongClientId));
    expect(await host.handle(begin(clientId))).toMatchObject({ ok: true, authorizeUrl: expect.stringContaining(clientId) });
  });

  it('the same application id never completed: the next begin clears it on a fresh instance', async () => {
    const host = createMsalAuthHost();
    await host.handle(begin(clientId));
    expect(await host.handle(begin(clientId))).toMatchObject({ ok: true });
  });
});
