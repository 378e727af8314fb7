import type { SignedInAccount } from '../domain/signed-in-account';
import { TokenUnavailableError } from '../domain/token-unavailable-error';
import type {
  AccessToken,
  AuthHostRequest,
  AuthHostResponse,
} from './auth-protocol';
import { errorMessage } from '../portal/error-message';


export interface TokenBrokerPorts {
  /** Sends a request to the MSAL host (offscreen document or, on Firefox, the same page). */
  askAuthHost(request: AuthHostRequest): Promise<AuthHostResponse>;
  /** identity.launchWebAuthFlow: resolves with the final redirect URL, rejects when cancelled or failed. */
  launchWebAuthFlow(url: string, interactive: boolean): Promise<string>;
  redirectUri: string;
  now(): number;
  /**
   * Who Handoff says is signed in (storage.local), or null. MSAL's cache does not survive a browser
   * restart (its key lives in memory only): for that analyst, and only while signed in, a missing MSAL
   * account is renewed by prompt=none on the browser's Entra session.
   */
  signedInUsername?(): Promise<string | null>;
}

export const readScopes = ['https://graph.microsoft.com/SecurityIncident.Read.All'] as const;
export const writeScopes = ['https://graph.microsoft.com/SecurityIncident.ReadWrite.All'] as const;
export const signInScopes = [...readScopes, 'openid', 'profile', 'offline_access'] as const;
/**
 * Advanced hunting (issue 16): asked per tenant only when the analyst hunts there, never at sign-in (least
 * privilege). A tenant that has not consented answers consent_required / AADSTS65001: MSAL's silent request
 * fails with it (msal-auth-host.ts describeFailure: `consentRequired`, passed through by acquire), and a
 * prompt=none flow after a dead refresh token redirects with it (`consentRequired` from completeRedirect) or,
 * when Entra wants a page, fails as `interactionRequired`.
 */
export const huntingScopes = ['https://graph.microsoft.com/ThreatHunting.Read.All'] as const;

/** Tokens are reused from memory until this close to expiry. */
const expiryMarginMs = 5 * 60_000;

/**
 * The service worker's side of sign-in. Tokens live in this worker's memory and in MSAL's cache in the
 * host document, nowhere else. Per tenant: memory, then MSAL's silent refresh, then a non-interactive
 * web auth flow (prompt=none) on the browser's Entra session; only then "sign-in needed".
 */
export function createTokenBroker(ports: TokenBrokerPorts) {
  const memory = new Map<string, AccessToken>();
  /** Tenants whose last token Graph refused: their next silent request must not come from MSAL's cache. */
  const refused = new Set<string>();
  const pending = new Map<string, Promise<AccessToken>>();
  // MSAL allows one redirect interaction at a time; flows queue here.
  let interactionQueue: Promise<unknown> = Promise.resolve();

  async function ask(request: AuthHostRequest): Promise<AuthHostResponse> {
    return ports.askAuthHost(request);
  }

  function unwrapToken(response: AuthHostResponse): AccessToken {
    if (!response.ok) throw new TokenUnavailableError(response.kind, response.message);
    if (!response.token) throw new TokenUnavailableError('failed', 'The sign-in host returned no token.');
    return response.token;
  }

  function runFlow(
    clientId: string,
    options: {
      scopes: readonly string[];
      tenantId: string | null;
      prompt?: 'select_account' | 'consent' | 'none';
      loginHint?: string;
    },
  ): Promise<AccessToken> {
    const flow = interactionQueue.then(async () => {
      const begin = await ask({
        type: 'beginRedirect',
        clientId,
        redirectUri: ports.redirectUri,
        scopes: [...options.scopes],
        tenantId: options.tenantId,
        prompt: options.prompt,
        ...(options.loginHint ? { loginHint: options.loginHint } : {}),
      });
      if (!begin.ok) throw new TokenUnavailableError(begin.kind, begin.message);
      if (!begin.authorizeUrl) throw new TokenUnavailableError('failed', 'No authorize URL.');
      let responseUrl: string;
      try {
        responseUrl = await ports.launchWebAuthFlow(begin.authorizeUrl, options.prompt !== 'none');
      } catch (error) {
        const message = errorMessage(error);
        // Clears MSAL's in-progress flag so the next flow may start.
        await ask({ type: 'completeRedirect', clientId, redirectUri: ports.redirectUri, responseUrl: ports.redirectUri });
        throw new TokenUnavailableError(options.prompt === 'none' ? 'interactionRequired' : 'cancelled', message);
      }
      return unwrapToken(await ask({ type: 'completeRedirect', clientId, redirectUri: ports.redirectUri, responseUrl }));
    });
    interactionQueue = flow.catch(() => undefined);
    return flow;
  }

  /**
   * Under the id the caller asks by: a tenant added by its domain gets tokens whose tenantId is the
   * GUID, and must still find them in memory next time.
   */
  function remember(tenantId: string, token: AccessToken): AccessToken {
    memory.set(tenantId, token);
    return token;
  }

  function covers(token: AccessToken, scopes: readonly string[]): boolean {
    const granted = new Set(token.scopes.map((scope) => scope.toLowerCase().replace('https://graph.microsoft.com/', '')));
    return scopes.every((scope) => granted.has(scope.toLowerCase().replace('https://graph.microsoft.com/', '')));
  }

  async function acquire(clientId: string, tenantId: string, scopes: readonly string[]): Promise<AccessToken> {
    const silent = await ask({
      type: 'acquireSilent',
      clientId,
      redirectUri: ports.redirectUri,
      scopes: [...scopes],
      tenantId,
      forceRefresh: refused.delete(tenantId),
    });
    if (silent.ok) return remember(tenantId, unwrapToken(silent));
    if (silent.kind === 'noAccount') {
      // MSAL's cache went with the browser's in-memory key: the Entra session may sign the analyst back in.
      const username = (await ports.signedInUsername?.()) ?? null;
      if (!username) throw new TokenUnavailableError(silent.kind, silent.message);
      return remember(tenantId, await runFlow(clientId, { scopes, tenantId, prompt: 'none', loginHint: username }));
    }
    if (silent.kind !== 'interactionRequired') throw new TokenUnavailableError(silent.kind, silent.message);
    // The refresh token is dead (SPA refresh tokens last 24 h): try the browser's Entra session, no UI.
    return remember(tenantId, await runFlow(clientId, { scopes, tenantId, prompt: 'none' }));
  }

  return {
    /** Interactive sign-in (from the options page or popup); asks for the read scopes plus `extraScopes`. */
    async signIn(clientId: string, extraScopes: readonly string[] = []): Promise<{ account: SignedInAccount; scopes: string[] }> {
      const token = await runFlow(clientId, {
        scopes: [...signInScopes, ...extraScopes],
        tenantId: null,
        prompt: 'select_account',
      });
      memory.clear();
      remember(token.tenantId, token);
      return { account: token.account, scopes: token.scopes };
    },

    /** An access token for Graph in `tenantId`, without any UI. */
    async accessToken(clientId: string, tenantId: string, scopes: readonly string[] = readScopes): Promise<AccessToken> {
      const cached = memory.get(tenantId);
      if (cached && cached.expiresOn - expiryMarginMs > ports.now() && covers(cached, scopes)) return cached;
      const key = `${tenantId} ${[...scopes].sort().join(' ')}`;
      const inFlight = pending.get(key);
      if (inFlight) return inFlight;
      const request = acquire(clientId, tenantId, scopes).finally(() => pending.delete(key));
      pending.set(key, request);
      return request;
    },

    async account(clientId: string): Promise<SignedInAccount | null> {
      const response = await ask({ type: 'account', clientId, redirectUri: ports.redirectUri });
      return response.ok ? (response.account ?? null) : null;
    },

    async signOut(clientId: string): Promise<void> {
      memory.clear();
      refused.clear();
      await ask({ type: 'signOut', clientId, redirectUri: ports.redirectUri });
    },

    /** A tenant removed from the settings: its tokens leave this worker's memory. */
    forgetTenant(tenantId: string): void {
      memory.delete(tenantId);
      refused.delete(tenantId);
    },

    /**
     * A tenant removed from the settings: its tokens leave this worker's memory and MSAL's cache (the
     * access and ID tokens of those tenants; the account, its home tenant and the shared refresh token
     * stay). `tenantIds`: every id the tenant was known by (domain, GUID).
     */
    async forgetTenantTokens(clientId: string | null, tenantIds: readonly string[]): Promise<void> {
      for (const tenantId of tenantIds) {
        memory.delete(tenantId);
        refused.delete(tenantId);
      }
      if (!clientId || tenantIds.length === 0) return;
      const response = await ask({ type: 'forgetTenants', clientId, redirectUri: ports.redirectUri, tenantIds: [...tenantIds] });
      if (!response.ok) throw new TokenUnavailableError(response.kind, response.message);
    },

    /** Drops a token Graph refused (401), so the next call fetches a fresh one. */
    forget(tenantId: string): void {
      memory.delete(tenantId);
      refused.add(tenantId);
    },
  };
}

export type TokenBroker = ReturnType<typeof createTokenBroker>;
