import type { AuthFailureKind } from '../domain/token-unavailable-error';
import type { SignedInAccount } from '../domain/signed-in-account';
import {
  CacheLookupPolicy,
  InteractionRequiredAuthError,
  PublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
} from '@azure/msal-browser';
import type {
  AccessToken,
  AuthHostRequest,
  AuthHostResponse,
} from './auth-protocol';
import { forgetTenantCredentials } from './msal-tenant-tokens';
import { errorMessage } from '../portal/error-message';

const loginAuthority = 'https://login.microsoftonline.com';
const homeAuthority = `${loginAuthority}/organizations`;

/**
 * Runs MSAL where it accepts to run (a document: Chromium's offscreen page, Firefox's background page)
 * and answers the service worker. MSAL never navigates: `onRedirectNavigate` hands the authorize URL
 * back, the worker runs identity.launchWebAuthFlow with it and returns the response URL.
 */
export interface MsalCacheKeyPort {
  /** Puts this browser session's cache key where MSAL reads it; called before each MSAL start. */
  load(): Promise<void>;
  /** Drops it from this document (sign-out). */
  forget(): void;
}

const noCacheKeyHandling: MsalCacheKeyPort = { load: async () => undefined, forget: () => undefined };

export function createMsalAuthHost(cacheKey: MsalCacheKeyPort = noCacheKeyHandling) {
  let application: { key: string; pca: PublicClientApplication } | undefined;
  let capturedAuthorizeUrl: string | undefined;
  /** Redirect flows begun and not completed yet, by application key: MSAL's "interaction in progress" is theirs. */
  const unfinished = new Map<string, { clientId: string; redirectUri: string }>();

  async function applicationFor(clientId: string, redirectUri: string, fresh = false): Promise<PublicClientApplication> {
    const key = `${clientId} ${redirectUri}`;
    if (!fresh && application?.key === key) return application.pca;
    // Without the key of this browser session MSAL would make its own: no MSAL start without it.
    await cacheKey.load();
    const pca = new PublicClientApplication({
      auth: {
        clientId,
        authority: homeAuthority,
        redirectUri,
        onRedirectNavigate: (url) => {
          capturedAuthorizeUrl = url;
          return false;
        },
      },
      cache: { cacheLocation: 'localStorage' },
    });
    await pca.initialize();
    application = { key, pca };
    return pca;
  }

  /**
   * Clears MSAL's "interaction in progress" of a flow that never came back (window closed, authorize page
   * failed, wrong application id). MSAL v5 stores that flag in sessionStorage with the client id that set it,
   * and only an instance of that client id clears it (`setInteractionInProgress(false)` checks it); its
   * `handleRedirectPromise` without a response clears it (`resetRequestCache`), but an instance remembers
   * its first answer per hash (`redirectResponse`), so a second call with an empty hash on the same instance
   * does nothing. Hence a fresh instance of the flow's own client id, whose first call does the clearing.
   */
  async function settleInteraction(clientId: string, redirectUri: string): Promise<void> {
    const pca = await applicationFor(clientId, redirectUri, true);
    await pca.handleRedirectPromise({ hash: '', navigateToLoginRequestUrl: false }).catch(() => null);
    unfinished.delete(`${clientId} ${redirectUri}`);
  }

  function homeAccount(pca: PublicClientApplication): AccountInfo | null {
    return pca.getActiveAccount() ?? pca.getAllAccounts()[0] ?? null;
  }

  function describeAccount(account: AccountInfo): SignedInAccount {
    return {
      username: account.username,
      name: account.name ?? null,
      homeTenantId: account.homeAccountId.split('.')[1] ?? account.tenantId,
      homeAccountId: account.homeAccountId,
    };
  }

  function describeToken(result: AuthenticationResult, tenantId: string): AccessToken {
    return {
      accessToken: result.accessToken,
      expiresOn: result.expiresOn?.getTime() ?? Date.now() + 5 * 60_000,
      tenantId: result.tenantId || tenantId,
      scopes: result.scopes,
      account: describeAccount(result.account),
    };
  }

  /** The account as MSAL must see it to pick the customer tenant's tokens (tenantId set to that tenant). */
  function accountInTenant(account: AccountInfo, tenantId: string): AccountInfo {
    return { ...account, tenantId };
  }

  async function handle(request: AuthHostRequest): Promise<AuthHostResponse> {
    // A flow abandoned earlier (of this or another application id) leaves MSAL's flag set: clear it first.
    if (request.type === 'beginRedirect') {
      for (const flow of [...unfinished.values()]) await settleInteraction(flow.clientId, flow.redirectUri);
    }
    if (request.type === 'completeRedirect' && responseFragment(request.responseUrl) === '') {
      await settleInteraction(request.clientId, request.redirectUri);
      return failure('cancelled', 'The sign-in was not completed.');
    }
    const pca = await applicationFor(request.clientId, request.redirectUri);
    switch (request.type) {
      case 'beginRedirect': {
        const account = homeAccount(pca);
        capturedAuthorizeUrl = undefined;
        // A new instance's first call: clears a flag left before this host knew of it (MSAL's own advice).
        await pca.handleRedirectPromise({ hash: '', navigateToLoginRequestUrl: false }).catch(() => null);
        unfinished.set(`${request.clientId} ${request.redirectUri}`, { clientId: request.clientId, redirectUri: request.redirectUri });
        await pca.acquireTokenRedirect({
          scopes: request.scopes,
          authority: request.tenantId ? `${loginAuthority}/${request.tenantId}` : homeAuthority,
          prompt: request.prompt,
          account: account && request.tenantId ? accountInTenant(account, request.tenantId) : undefined,
          loginHint: request.prompt === 'none' ? (account?.username ?? request.loginHint) : undefined,
        });
        if (!capturedAuthorizeUrl) return failure('failed', 'MSAL did not produce an authorize URL.');
        return { ok: true, authorizeUrl: capturedAuthorizeUrl };
      }
      case 'completeRedirect': {
        const hash = responseFragment(request.responseUrl);
        // With a response MSAL clears its flag itself, on success and on an error answer alike.
        unfinished.delete(`${request.clientId} ${request.redirectUri}`);
        const result = await pca.handleRedirectPromise({ hash, navigateToLoginRequestUrl: false });
        if (!result) return failure('cancelled', 'The sign-in response was empty.');
        if (!pca.getActiveAccount()) pca.setActiveAccount(result.account);
        return { ok: true, token: describeToken(result, result.tenantId) };
      }
      case 'acquireSilent': {
        const account = homeAccount(pca);
        if (!account) return failure('noAccount', 'Not signed in.');
        const result = await pca.acquireTokenSilent({
          scopes: request.scopes,
          authority: `${loginAuthority}/${request.tenantId}`,
          account: accountInTenant(account, request.tenantId),
          forceRefresh: request.forceRefresh,
          // A dead refresh token must fail now, not after MSAL's 10 s hidden-iframe attempt.
          cacheLookupPolicy: CacheLookupPolicy.AccessTokenAndRefreshToken,
        });
        return { ok: true, token: describeToken(result, request.tenantId) };
      }
      case 'account': {
        const account = homeAccount(pca);
        return { ok: true, account: account ? describeAccount(account) : null };
      }
      case 'signOut': {
        await pca.clearCache();
        pca.setActiveAccount(null);
        // The key goes too (the worker drops its copy): the next start uses a new one.
        application = undefined;
        cacheKey.forget();
        return { ok: true, account: null };
      }
      case 'forgetTenants': {
        forgetTenantCredentials(localStorage, request.clientId, request.tenantIds);
        // This instance still holds them in memory: the next request starts one from localStorage.
        application = undefined;
        return { ok: true };
      }
    }
  }

  return {
    async handle(request: AuthHostRequest): Promise<AuthHostResponse> {
      try {
        return await handle(request);
      } catch (error) {
        return describeFailure(error);
      }
    },
  };
}

/** MSAL wants the response in its hash form, whichever response mode the server used. */
function responseFragment(responseUrl: string): string {
  const url = new URL(responseUrl);
  if (url.hash.length > 1) return url.hash;
  return url.search ? `#${url.search.slice(1)}` : '';
}

function failure(kind: AuthFailureKind, message: string): AuthHostResponse {
  return { ok: false, kind, message };
}

const consentCodes = ['consent_required', 'AADSTS65001'];
// An expired SPA refresh token comes back from MSAL as a ServerError `invalid_grant` (AADSTS700084), not
// as an InteractionRequiredAuthError: all of these mean "only a new authorization can help".
const interactionCodes = ['interaction_required', 'login_required', 'invalid_grant', 'bad_token', 'no_tokens_found'];

export function describeFailure(error: unknown): AuthHostResponse {
  const message = errorMessage(error);
  const code = (error as { errorCode?: string; subError?: string } | null) ?? {};
  if ([code.errorCode, code.subError].some((c) => c && consentCodes.includes(c)) || message.includes('AADSTS65001')) {
    return failure('consentRequired', message);
  }
  if (error instanceof InteractionRequiredAuthError || interactionCodes.includes(code.errorCode ?? '')) {
    return failure('interactionRequired', message);
  }
  if (code.errorCode === 'no_network_connectivity' || code.errorCode === 'network_error') {
    return failure('network', message);
  }
  if (code.errorCode === 'user_cancelled') return failure('cancelled', message);
  return failure('failed', message);
}
