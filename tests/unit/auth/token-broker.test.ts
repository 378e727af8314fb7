import { describe, expect, it } from 'vitest';
import type { AccessToken, AuthHostRequest, AuthHostResponse } from '@/utils/auth/auth-protocol';
import { createTokenBroker, huntingScopes, readScopes, signInScopes, writeScopes } from '@/utils/auth/token-broker';
import type { AuthFailureKind } from '@/utils/domain/token-unavailable-error';
import { TokenUnavailableError } from '@/utils/domain/token-unavailable-error';

/**
 * The token broker with fake ports: an MSAL host that answers from a script, a web auth flow that
 * resolves or rejects on demand, and a clock the test moves. No browser, no MSAL.
 */

const clientId = '0a1b2c3d-0000-4000-8000-000000000001';
const home = 'd4c5b6a7-1111-4222-8333-944455556666';
const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const redirectUri = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const hour = 3_600_000;
const account = { username: 'analyst@woodgrove.example', name: 'Analyst', homeTenantId: home, homeAccountId: `oid.${home}` };

function tokenFor(tenantId: string, expiresOn: number, scopes: readonly string[] = readScopes, serial = 0): AccessToken {
  return { accessToken: `at-${tenantId}-${serial}`, expiresOn, tenantId, scopes: [...scopes], account };
}

type Silent = (request: Extract<AuthHostRequest, { type: 'acquireSilent' }>) => AuthHostResponse;

function setUp(options: { signedInUsername?: string | null } = {}) {
  let clock = 1_800_000_000_000;
  let serial = 0;
  const requests: AuthHostRequest[] = [];
  const launched: Array<{ url: string; interactive: boolean }> = [];
  const state = {
    /** What acquireSilent answers (default: a fresh one-hour token for the tenant and scopes asked). */
    silent: ((request) => ({ ok: true, token: tokenFor(request.tenantId, clock + hour, request.scopes, ++serial) })) as Silent,
    /** How the web auth flow ends: a redirect URL, or a rejection (the user closed it, no session). */
    flow: (url: string): Promise<string> => Promise.resolve(`${redirectUri}#code=for-${new URL(url).searchParams.get('tenant')}`),
    /** What completeRedirect answers when the flow redirected with a code. */
    complete: (tenant: string): AuthHostResponse => ({ ok: true, token: tokenFor(tenant === 'home' ? home : tenant, clock + hour, signInScopes, ++serial) }),
    account: { ok: true, account } as AuthHostResponse,
  };
  const broker = createTokenBroker({
    redirectUri,
    now: () => clock,
    ...('signedInUsername' in options ? { signedInUsername: async () => options.signedInUsername ?? null } : {}),
    async askAuthHost(request) {
      requests.push(request);
      switch (request.type) {
        case 'acquireSilent':
          return state.silent(request);
        case 'beginRedirect':
          return { ok: true, authorizeUrl: `https://login.example/authorize?tenant=${request.tenantId ?? 'home'}&prompt=${request.prompt}` };
        case 'completeRedirect': {
          const code = /#code=for-(.+)$/.exec(request.responseUrl)?.[1];
          return code ? state.complete(code) : { ok: false, kind: 'failed', message: 'no code' };
        }
        case 'account':
          return state.account;
        case 'signOut':
        case 'forgetTenants':
          return { ok: true };
      }
    },
    launchWebAuthFlow(url, interactive) {
      launched.push({ url, interactive });
      return state.flow(url);
    },
  });
  const ofType = <T extends AuthHostRequest['type']>(type: T) =>
    requests.filter((request): request is Extract<AuthHostRequest, { type: T }> => request.type === type);
  return { broker, state, requests, launched, ofType, advance: (ms: number) => (clock += ms), now: () => clock };
}

async function failureKind(promise: Promise<unknown>): Promise<AuthFailureKind> {
  const error = await promise.then(
    () => null,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(TokenUnavailableError);
  return (error as TokenUnavailableError).kind;
}

const failing = (kind: AuthFailureKind): Silent => () => ({ ok: false, kind, message: `silent: ${kind}` });

describe('token broker: access tokens', () => {
  it('reuses the token from memory until five minutes before it expires, then refreshes silently', async () => {
    const { broker, ofType, advance } = setUp();
    const first = await broker.accessToken(clientId, contoso);
    expect(ofType('acquireSilent')).toEqual([
      { type: 'acquireSilent', clientId, redirectUri, scopes: [...readScopes], tenantId: contoso, forceRefresh: false },
    ]);
    advance(hour - 5 * 60_000 - 1);
    expect(await broker.accessToken(clientId, contoso)).toBe(first);
    expect(ofType('acquireSilent')).toHaveLength(1);
    advance(1);
    const second = await broker.accessToken(clientId, contoso);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(ofType('acquireSilent')).toHaveLength(2);
  });

  it('keeps one token per tenant and asks the host for the tenant requested', async () => {
    const { broker, ofType } = setUp();
    const atContoso = await broker.accessToken(clientId, contoso);
    const atFabrikam = await broker.accessToken(clientId, fabrikam);
    expect(atContoso.tenantId).toBe(contoso);
    expect(atFabrikam.tenantId).toBe(fabrikam);
    expect(ofType('acquireSilent').map((request) => request.tenantId)).toEqual([contoso, fabrikam]);
    expect(await broker.accessToken(clientId, contoso)).toBe(atContoso);
  });

  it('does not serve a read-only token from memory for write scopes', async () => {
    const { broker, ofType } = setUp();
    await broker.accessToken(clientId, contoso);
    const writing = await broker.accessToken(clientId, contoso, writeScopes);
    expect(writing.scopes).toEqual([...writeScopes]);
    expect(ofType('acquireSilent').map((request) => request.scopes)).toEqual([[...readScopes], [...writeScopes]]);
  });

  it('shares one request between callers asking at the same time', async () => {
    const { broker, ofType } = setUp();
    const [a, b] = await Promise.all([broker.accessToken(clientId, contoso), broker.accessToken(clientId, contoso)]);
    expect(a).toBe(b);
    expect(ofType('acquireSilent')).toHaveLength(1);
  });

  it('forget(tenant) drops that tenant\'s token and forces one refresh past MSAL\'s cache', async () => {
    const { broker, ofType } = setUp();
    await broker.accessToken(clientId, contoso);
    const fabrikamToken = await broker.accessToken(clientId, fabrikam);
    broker.forget(contoso);
    await broker.accessToken(clientId, contoso);
    expect(await broker.accessToken(clientId, fabrikam)).toBe(fabrikamToken);
    broker.forget(contoso);
    await broker.accessToken(clientId, contoso);
    await broker.accessToken(clientId, contoso);
    expect(ofType('acquireSilent').map((request) => [request.tenantId, request.forceRefresh])).toEqual([
      [contoso, false],
      [fabrikam, false],
      [contoso, true],
      [contoso, true],
    ]);
  });

  it('falls back to a prompt=none web auth flow in the tenant when the refresh token is dead', async () => {
    const { broker, state, ofType, launched } = setUp();
    state.silent = failing('interactionRequired');
    const token = await broker.accessToken(clientId, contoso);
    expect(token.tenantId).toBe(contoso);
    expect(ofType('beginRedirect')).toEqual([
      { type: 'beginRedirect', clientId, redirectUri, scopes: [...readScopes], tenantId: contoso, prompt: 'none' },
    ]);
    expect(launched).toEqual([{ url: expect.stringContaining(`tenant=${contoso}`), interactive: false }]);
    // Remembered: the next call needs neither MSAL nor a flow.
    expect(await broker.accessToken(clientId, contoso)).toBe(token);
    expect(ofType('acquireSilent')).toHaveLength(1);
  });

  it('says "sign-in needed" when the browser has no Entra session either, and clears the host\'s flow', async () => {
    const { broker, state, ofType } = setUp();
    state.silent = failing('interactionRequired');
    state.flow = () => Promise.reject(new Error('User interaction required.'));
    expect(await failureKind(broker.accessToken(clientId, contoso))).toBe('interactionRequired');
    expect(ofType('completeRedirect')).toEqual([{ type: 'completeRedirect', clientId, redirectUri, responseUrl: redirectUri }]);
    // Nothing was remembered: the next call tries again.
    await failureKind(broker.accessToken(clientId, contoso));
    expect(ofType('acquireSilent')).toHaveLength(2);
  });

  it('passes other silent failures through with their kind, without a web auth flow', async () => {
    for (const kind of ['consentRequired', 'network', 'noAccount'] as const) {
      const { broker, state, launched } = setUp();
      state.silent = failing(kind);
      expect(await failureKind(broker.accessToken(clientId, contoso))).toBe(kind);
      expect(launched).toEqual([]);
    }
  });

  it('after a browser restart (MSAL has no account: its key died) signs the analyst back in by prompt=none, with a login hint', async () => {
    const { broker, state, ofType, launched } = setUp({ signedInUsername: account.username });
    state.silent = failing('noAccount');
    const token = await broker.accessToken(clientId, contoso);
    expect(token.tenantId).toBe(contoso);
    expect(ofType('beginRedirect')).toEqual([
      { type: 'beginRedirect', clientId, redirectUri, scopes: [...readScopes], tenantId: contoso, prompt: 'none', loginHint: account.username },
    ]);
    expect(launched).toEqual([{ url: expect.stringContaining('prompt=none'), interactive: false }]);
  });

  it('never signs back in silently after sign-out (nobody signed in): "no account", no flow', async () => {
    const { broker, state, launched } = setUp({ signedInUsername: null });
    state.silent = failing('noAccount');
    expect(await failureKind(broker.accessToken(clientId, contoso))).toBe('noAccount');
    expect(launched).toEqual([]);
  });

  it('after a browser restart without an Entra session: "sign-in needed", once per call, no loop', async () => {
    const { broker, state, ofType } = setUp({ signedInUsername: account.username });
    state.silent = failing('noAccount');
    state.flow = () => Promise.reject(new Error('User interaction required.'));
    expect(await failureKind(broker.accessToken(clientId, contoso))).toBe('interactionRequired');
    expect(ofType('acquireSilent')).toHaveLength(1);
    expect(ofType('beginRedirect')).toHaveLength(1);
  });

  it('forgetTenant(tenant) drops only that tenant\'s token from memory', async () => {
    const { broker, ofType } = setUp();
    await broker.accessToken(clientId, contoso);
    await broker.accessToken(clientId, fabrikam);
    broker.forgetTenant(contoso);
    await broker.accessToken(clientId, contoso);
    await broker.accessToken(clientId, fabrikam);
    expect(ofType('acquireSilent').map((request) => request.tenantId)).toEqual([contoso, fabrikam, contoso]);
  });

  it('finds a domain-added tenant\'s token in memory: remembered under the id asked by, not the GUID returned', async () => {
    const { broker, state, ofType, now } = setUp();
    // Entra answers for contoso.example with tokens whose tenant is Contoso's GUID.
    state.silent = (request) => ({ ok: true, token: tokenFor(contoso, now() + hour, request.scopes) });
    await broker.accessToken(clientId, 'contoso.example');
    await broker.accessToken(clientId, 'contoso.example');
    expect(ofType('acquireSilent')).toHaveLength(1);
  });

  it('forgetTenantTokens drops the tenant from memory under every id and asks the host to drop its MSAL tokens', async () => {
    const { broker, ofType } = setUp();
    await broker.accessToken(clientId, 'contoso.example');
    await broker.accessToken(clientId, contoso);
    await broker.accessToken(clientId, fabrikam);
    await broker.forgetTenantTokens(clientId, ['contoso.example', contoso]);
    expect(ofType('forgetTenants')).toEqual([{ type: 'forgetTenants', clientId, redirectUri, tenantIds: ['contoso.example', contoso] }]);
    await broker.accessToken(clientId, 'contoso.example');
    await broker.accessToken(clientId, fabrikam);
    expect(ofType('acquireSilent').map((request) => request.tenantId)).toEqual(['contoso.example', contoso, fabrikam, 'contoso.example']);
  });

  it('fails (kind "failed") when the host answers ok without a token', async () => {
    const { broker, state } = setUp();
    state.silent = () => ({ ok: true });
    expect(await failureKind(broker.accessToken(clientId, contoso))).toBe('failed');
  });
});

describe('token broker: sign-in, sign-out, account', () => {
  it('signs in interactively at the home authority with the read scopes plus the extra ones', async () => {
    const { broker, ofType, launched } = setUp();
    const result = await broker.signIn(clientId, writeScopes);
    expect(result).toEqual({ account, scopes: [...signInScopes] });
    expect(ofType('beginRedirect')).toEqual([
      { type: 'beginRedirect', clientId, redirectUri, scopes: [...signInScopes, ...writeScopes], tenantId: null, prompt: 'select_account' },
    ]);
    expect(launched.map((flow) => flow.interactive)).toEqual([true]);
    expect(ofType('completeRedirect')[0]?.responseUrl).toBe(`${redirectUri}#code=for-home`);
  });

  it('drops every token in memory on sign-in and keeps the new home-tenant token', async () => {
    const { broker, ofType } = setUp();
    await broker.accessToken(clientId, contoso);
    await broker.signIn(clientId);
    await broker.accessToken(clientId, contoso);
    await broker.accessToken(clientId, home);
    expect(ofType('acquireSilent').map((request) => request.tenantId)).toEqual([contoso, contoso]);
  });

  it('reports a closed sign-in window as "cancelled"', async () => {
    const { broker, state, ofType } = setUp();
    state.flow = () => Promise.reject(new Error('The user did not approve access.'));
    expect(await failureKind(broker.signIn(clientId))).toBe('cancelled');
    expect(ofType('completeRedirect')).toHaveLength(1);
  });

  it('runs one web auth flow at a time: the second starts after the first ends', async () => {
    const { broker, state, launched } = setUp();
    let finishFirst: (url: string) => void = () => undefined;
    state.flow = () => new Promise<string>((resolve) => (finishFirst = resolve));
    const first = broker.signIn(clientId);
    state.silent = failing('interactionRequired');
    const second = broker.accessToken(clientId, contoso);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(launched).toHaveLength(1);
    state.flow = (url) => Promise.resolve(`${redirectUri}#code=for-${new URL(url).searchParams.get('tenant')}`);
    finishFirst(`${redirectUri}#code=for-home`);
    await first;
    expect((await second).tenantId).toBe(contoso);
    expect(launched.map((flow) => flow.interactive)).toEqual([true, false]);
  });

  it('signOut forgets the tokens in memory and signs out of the host', async () => {
    const { broker, ofType } = setUp();
    await broker.accessToken(clientId, contoso);
    await broker.signOut(clientId);
    expect(ofType('signOut')).toEqual([{ type: 'signOut', clientId, redirectUri }]);
    await broker.accessToken(clientId, contoso);
    expect(ofType('acquireSilent')).toHaveLength(2);
  });

  it('account() is the host\'s account, or null when the host has none or fails', async () => {
    const { broker, state } = setUp();
    expect(await broker.account(clientId)).toEqual(account);
    state.account = { ok: true };
    expect(await broker.account(clientId)).toBeNull();
    state.account = { ok: false, kind: 'noAccount', message: 'none' };
    expect(await broker.account(clientId)).toBeNull();
  });
});

describe('token broker: hunting scopes (issue 16)', () => {
  it('is ThreatHunting.Read.All alone, never part of sign-in', () => {
    expect(huntingScopes).toEqual(['https://graph.microsoft.com/ThreatHunting.Read.All']);
    expect(signInScopes).not.toContain(huntingScopes[0]);
  });

  it('asks MSAL for the hunting scope in that tenant, and does not serve the read token from memory for it', async () => {
    const { broker, ofType } = setUp();
    await broker.accessToken(clientId, contoso);
    const token = await broker.accessToken(clientId, contoso, huntingScopes);
    expect(token.scopes).toEqual([...huntingScopes]);
    expect(ofType('acquireSilent').map((request) => [request.tenantId, request.scopes])).toEqual([
      [contoso, [...readScopes]],
      [contoso, [...huntingScopes]],
    ]);
  });

  it('a tenant that has not consented: consentRequired from MSAL’s silent request, without any flow', async () => {
    const { broker, state, launched } = setUp();
    state.silent = failing('consentRequired');
    expect(await failureKind(broker.accessToken(clientId, fabrikam, huntingScopes))).toBe('consentRequired');
    expect(launched).toEqual([]);
  });

  it('after a dead refresh token: consentRequired when the prompt=none flow comes back with consent_required', async () => {
    const { broker, state, ofType, launched } = setUp();
    state.silent = failing('interactionRequired');
    // Entra redirects with the error; MSAL's handleRedirectPromise throws it and the host describes it.
    state.complete = () => ({ ok: false, kind: 'consentRequired', message: 'AADSTS65001: The user or administrator has not consented' });
    expect(await failureKind(broker.accessToken(clientId, fabrikam, huntingScopes))).toBe('consentRequired');
    expect(ofType('beginRedirect')).toEqual([
      { type: 'beginRedirect', clientId, redirectUri, scopes: [...huntingScopes], tenantId: fabrikam, prompt: 'none' },
    ]);
    expect(launched).toEqual([{ url: expect.stringContaining('prompt=none'), interactive: false }]);
  });

  it('after a dead refresh token, when Entra wants a page: interactionRequired', async () => {
    const { broker, state } = setUp();
    state.silent = failing('interactionRequired');
    state.flow = () => Promise.reject(new Error('User interaction required.'));
    expect(await failureKind(broker.accessToken(clientId, fabrikam, huntingScopes))).toBe('interactionRequired');
  });
});
