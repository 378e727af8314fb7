/**
 * Fake Microsoft Entra ID (login.microsoftonline.com), v2.0 endpoints, just enough of the real
 * protocol for @azure/msal-browser and chrome.identity.launchWebAuthFlow:
 *
 *   GET  /{tenant}/oauth2/v2.0/authorize   auth code + PKCE; prompt none|login|select_account|consent
 *   POST /{tenant}/login                   the sign-in page's form (Email, "Sign in")
 *   POST /{tenant}/consent                 the consent page's form ("Accept" / "Cancel")
 *   POST /{tenant}/oauth2/v2.0/token       authorization_code and refresh_token grants (CORS, preflight)
 *   GET  /{tenant}/oauth2/v2.0/logout      ends the session cookie
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration, /common/discovery/instance, /{tenant}/discovery/v2.0/keys
 *
 * {tenant} is a tenant GUID, a registered domain (`domains`), `common` or `organizations`.
 * The browser's Entra session is a cookie (ESTSAUTH) on login.microsoftonline.com, as with Entra, so a
 * `prompt=none` flow in the same browser profile signs in silently. Refresh tokens behave like SPA ones:
 * multi-tenant (redeem at /{customerTenant}/ for that tenant), a fixed lifetime carried over to the
 * refresh tokens they yield, and AADSTS700084 once expired. No token is ever issued for a tenant where
 * the app is not consented (AADSTS65001, suberror consent_required).
 */
import type { ServerResponse } from 'node:http';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FakeClock } from './fake-clock';
import {
  corsHeaders,
  escapeHtml,
  isFormBody,
  parseCookies,
  redirect,
  sendHtml,
  sendJson,
  type FakeRequest,
} from './fake-http';
import { base64url, encodeJwtShaped } from './fake-jwt';

export interface EntraUser {
  upn: string;
  displayName: string;
  /** Object id, the same in every tenant the user reaches (GDAP does not create guest accounts). */
  oid: string;
  homeTenantId: string;
}

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const OIDC_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'email', 'offline_access']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SESSION_COOKIE = 'ESTSAUTH';
const CODE_LIFETIME_MS = 10 * 60_000;

/** Chromium's and Firefox's identity redirect URIs: https://<id>.chromiumapp.org/, https://<id>.extensions.allizom.org/ */
export const EXTENSION_REDIRECT_URI_PATTERNS: readonly RegExp[] = [
  /^https:\/\/[a-p]{32}\.chromiumapp\.org\/[^\s#]*$/,
  /^https:\/\/[0-9a-f]{40}\.extensions\.allizom\.org\/[^\s#]*$/,
];

export interface AuthorizeRecord {
  time: Date;
  /** The {tenant} path segment as asked. */
  authority: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  prompt?: string;
  responseMode: string;
  loginHint?: string;
  /** What the fake did: redirected with a code, showed a page, or redirected/answered with an error. */
  outcome: 'code' | 'signInPage' | 'consentPage' | 'error';
  error?: string;
}

export type GrantType = 'authorization_code' | 'refresh_token';

export interface TokenRequestRecord {
  time: Date;
  authority: string;
  grantType: string;
  clientId: string;
  scopes: string[];
  /** 'issued' or the OAuth error code answered. */
  outcome: 'issued' | string;
  /** AADSTS number of an error answer. */
  errorCode?: number;
  tenantId?: string;
}

export interface IssuedTokenRecord {
  time: Date;
  tenantId: string;
  grantType: GrantType;
  clientId: string;
  upn: string;
  /** Graph scopes, short names, e.g. SecurityIncident.Read.All */
  scopes: string[];
}

export interface AccessTokenInfo {
  token: string;
  tenantId: string;
  oid: string;
  upn: string;
  displayName: string;
  clientId: string;
  /** Short Graph scope names. */
  scopes: string[];
  expiresAt: number;
  /** Set by expireAccessTokens(). */
  forcedExpired: boolean;
}

export type AccessTokenCheck =
  | { ok: true; info: AccessTokenInfo }
  | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

interface PendingAuthorization {
  id: string;
  authority: string;
  /** Resolved tenant id; undefined for common/organizations (the user's home tenant is used). */
  tenantId: string | undefined;
  clientId: string;
  redirectUri: string;
  responseMode: string;
  scopeText: string;
  graphScopes: string[];
  wantsDefault: boolean;
  codeChallenge: string;
  state: string;
  nonce: string;
  prompt: string | undefined;
  loginHint: string | undefined;
  clientInfo: boolean;
  record: AuthorizeRecord;
  /** Set once the user is known (signed in or by session), while the consent page is shown. */
  signedIn?: { user: EntraUser; sessionId: string };
}

interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string;
  tenantId: string;
  user: EntraUser;
  scopeText: string;
  createdAt: number;
  redeemed: boolean;
  sessionId: string;
}

interface RefreshTokenState {
  clientId: string;
  user: EntraUser;
  scopeText: string;
  /** SPA refresh tokens: fixed expiry, carried over to the tokens they yield. */
  expiresAt: number;
  issuedAt: number;
  forcedExpired: boolean;
}

interface EntraSession {
  oid: string;
  createdAt: number;
}

interface ScopeRequest {
  graph: string[];
  oidc: string[];
  wantsDefault: boolean;
  invalid: string[];
}

export function parseScopeText(scopeText: string): ScopeRequest {
  const result: ScopeRequest = { graph: [], oidc: [], wantsDefault: false, invalid: [] };
  for (const raw of scopeText.split(/\s+/).filter(Boolean)) {
    const lowered = raw.toLowerCase();
    if (OIDC_SCOPES.has(lowered)) {
      if (!result.oidc.includes(lowered)) result.oidc.push(lowered);
      continue;
    }
    let name: string | undefined;
    for (const prefix of [`${GRAPH_RESOURCE}/`, `${GRAPH_APP_ID}/`]) {
      if (lowered.startsWith(prefix)) name = raw.slice(prefix.length);
    }
    if (name === undefined && !raw.includes('/') && !raw.includes(':')) name = raw;
    if (name === undefined || !/^(\.default|[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*)$/.test(name)) {
      result.invalid.push(raw);
      continue;
    }
    if (name === '.default') result.wantsDefault = true;
    else if (!result.graph.includes(name)) result.graph.push(name);
  }
  return result;
}

function aadstsDescription(code: number, text: string): string {
  const stamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return `AADSTS${code}: ${text} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${stamp}`;
}

class EntraError extends Error {
  constructor(
    readonly error: string,
    readonly code: number,
    readonly text: string,
    readonly suberror?: string,
    readonly status = 400,
  ) {
    super(`${error}: AADSTS${code}`);
  }
}

export class FakeEntra {
  /** Known users; the sign-in page is prefilled with the first one. */
  users: EntraUser[] = [];
  /** Registered domain -> tenant id, for authorities like /contoso.example/. */
  readonly domains = new Map<string, string>();
  /** Tenants where the app is (admin-)consented: tokens for every scope it asks, except `scopesNotConsented`. */
  readonly consentedTenants = new Set<string>();
  /**
   * Per tenant, Graph scopes (short names, e.g. ThreatHunting.Read.All) the admin consent left out: a token
   * request naming one fails with AADSTS65001 consent_required, as Entra answers for a permission the app
   * was never granted there; the other scopes keep working. Empty by default.
   */
  readonly scopesNotConsented = new Map<string, Set<string>>();
  /** Scopes a user accepted on the consent page, per tenant (only in the user's home tenant). */
  readonly userConsents = new Map<string, Set<string>>();
  /** Client ids of the registered app. Empty: any GUID is accepted. */
  readonly registeredClientIds = new Set<string>();
  redirectUriPatterns: RegExp[] = [...EXTENSION_REDIRECT_URI_PATTERNS];
  /** The app's display name, used in consent messages and pages. */
  appDisplayName = 'Handoff for Microsoft Defender';
  /** What `.default` grants in a consented tenant. */
  defaultScopes: string[] = ['SecurityIncident.Read.All', 'DelegatedAdminRelationship.Read.All'];
  accessTokenLifetimeSeconds = 3600;
  /** SPA refresh token lifetime (Entra: 24 h, not extended by redemption). */
  refreshTokenLifetimeSeconds = 24 * 3600;
  /** Entra refuses SPA code/refresh redemption without an Origin header (AADSTS9002327). */
  requireCrossOriginRedemption = true;
  /** Whether a user may consent on the consent page in their home tenant. */
  userConsentAllowed = true;

  readonly authorizeRequests: AuthorizeRecord[] = [];
  readonly tokenRequests: TokenRequestRecord[] = [];
  readonly issuedTokens: IssuedTokenRecord[] = [];

  #sessionsEnabled = true;
  #persistentSessions = false;
  readonly #sessions = new Map<string, EntraSession>();
  readonly #pending = new Map<string, PendingAuthorization>();
  readonly #codes = new Map<string, AuthorizationCode>();
  readonly #refreshTokens = new Map<string, RefreshTokenState>();
  readonly #accessTokens = new Map<string, AccessTokenInfo>();

  constructor(private readonly clock: FakeClock) {}

  /** Forgets every user, consent, session and token; back to the constructor's defaults. */
  reset(): void {
    this.users = [];
    this.domains.clear();
    this.consentedTenants.clear();
    this.scopesNotConsented.clear();
    this.userConsents.clear();
    this.registeredClientIds.clear();
    this.redirectUriPatterns = [...EXTENSION_REDIRECT_URI_PATTERNS];
    this.defaultScopes = ['SecurityIncident.Read.All', 'DelegatedAdminRelationship.Read.All'];
    this.accessTokenLifetimeSeconds = 3600;
    this.refreshTokenLifetimeSeconds = 24 * 3600;
    this.requireCrossOriginRedemption = true;
    this.userConsentAllowed = true;
    this.authorizeRequests.length = 0;
    this.tokenRequests.length = 0;
    this.issuedTokens.length = 0;
    this.#sessionsEnabled = true;
    this.#persistentSessions = false;
    this.#sessions.clear();
    this.#pending.clear();
    this.#codes.clear();
    this.#refreshTokens.clear();
    this.#accessTokens.clear();
  }

  // ---- test switches -------------------------------------------------------------------------

  /** The browser-session state as the fake sees it. */
  get session(): { enabled: boolean; active: number } {
    return { enabled: this.#sessionsEnabled, active: this.#sessions.size };
  }

  /** false: every session cookie is ignored, so prompt=none fails with login_required. */
  setSessionEnabled(enabled: boolean): void {
    this.#sessionsEnabled = enabled;
  }

  /**
   * true: the user answers "Stay signed in?" with yes (KMSI), so the session cookie is persistent
   * (Entra's ESTSAUTHPERSISTENT, 90 days) and outlives a browser restart; false (default): a browser
   * session cookie, gone with the browser.
   */
  setPersistentSessions(persistent: boolean): void {
    this.#persistentSessions = persistent;
  }

  /** Ends every Entra session server-side (the browser's cookie then means nothing). */
  endSessions(): void {
    this.#sessions.clear();
  }

  /** Every refresh token issued so far now answers invalid_grant AADSTS700084. */
  expireRefreshTokens(): void {
    for (const state of this.#refreshTokens.values()) state.forcedExpired = true;
  }

  /** Every access token issued so far is now expired for the fake Graph (401). */
  expireAccessTokens(): void {
    for (const info of this.#accessTokens.values()) info.forcedExpired = true;
  }

  /** Tokens issued, optionally for one tenant and/or grant. */
  tokenCount(filter: { tenantId?: string; grantType?: GrantType } = {}): number {
    return this.issuedTokens.filter(
      (record) =>
        (filter.tenantId === undefined || record.tenantId === filter.tenantId) &&
        (filter.grantType === undefined || record.grantType === filter.grantType),
    ).length;
  }

  /** For the fake Graph: is this bearer token one we issued, and still valid? */
  checkAccessToken(token: string | undefined): AccessTokenCheck {
    if (!token) return { ok: false, reason: 'missing' };
    const info = this.#accessTokens.get(token);
    if (!info) return { ok: false, reason: 'unknown' };
    if (info.forcedExpired || info.expiresAt <= this.clock.now()) return { ok: false, reason: 'expired' };
    return { ok: true, info };
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  async handle(request: FakeRequest, response: ServerResponse): Promise<void> {
    const segments = request.url.pathname.split('/').filter(Boolean);
    const authority = decodeURIComponent(segments[0] ?? '');
    const rest = segments.slice(1).join('/');
    const cors = corsHeaders(request, {
      allowMethods: 'GET, POST, OPTIONS',
      exposeHeaders: 'Retry-After, x-ms-request-id, client-request-id',
    });
    if (request.method === 'OPTIONS') {
      response.writeHead(204, cors);
      response.end();
      return;
    }
    if (authority === 'common' && rest === 'discovery/instance') return this.instanceDiscovery(response, cors);
    if (rest === 'v2.0/.well-known/openid-configuration') return this.openIdConfiguration(authority, response, cors);
    if (rest === 'discovery/v2.0/keys') return sendJson(response, 200, { keys: [] }, cors);
    if (rest === 'oauth2/v2.0/authorize' && request.method === 'GET') return this.authorize(request, response, authority);
    if (rest === 'oauth2/v2.0/token' && request.method === 'POST') return this.token(request, response, authority, cors);
    if (rest === 'oauth2/v2.0/logout') return this.logout(request, response);
    if (rest === 'login' && request.method === 'POST') return this.signInSubmitted(request, response);
    if (rest === 'consent' && request.method === 'POST') return this.consentSubmitted(request, response);
    sendHtml(response, 404, errorPage('Page not found', `The fake Entra has no page at ${request.url.pathname}.`));
  }

  private instanceDiscovery(response: ServerResponse, cors: Record<string, string>): void {
    sendJson(
      response,
      200,
      {
        tenant_discovery_endpoint: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
        'api-version': '1.1',
        metadata: [
          {
            preferred_network: 'login.microsoftonline.com',
            preferred_cache: 'login.windows.net',
            aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'],
          },
        ],
      },
      cors,
    );
  }

  private openIdConfiguration(authority: string, response: ServerResponse, cors: Record<string, string>): void {
    const base = `https://login.microsoftonline.com/${authority}`;
    const issuerTenant = GUID.test(authority) ? authority : this.domains.get(authority.toLowerCase()) ?? '{tenantid}';
    sendJson(
      response,
      200,
      {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `https://login.microsoftonline.com/${issuerTenant}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'oid'],
        tenant_region_scope: 'EU',
        cloud_instance_name: 'microsoftonline.com',
        cloud_graph_host_name: 'graph.windows.net',
        msgraph_host: 'graph.microsoft.com',
      },
      cors,
    );
  }

  /** A tenant id for an authority segment: GUID as is, domains looked up, common/organizations undefined. */
  private resolveAuthority(authority: string): { tenantId: string | undefined } {
    const lowered = authority.toLowerCase();
    if (lowered === 'common' || lowered === 'organizations') return { tenantId: undefined };
    if (GUID.test(authority)) return { tenantId: lowered };
    const tenantId = this.domains.get(lowered);
    if (tenantId) return { tenantId };
    if (lowered === 'consumers') {
      throw new EntraError('invalid_request', 9002331, 'Application is configured for use by Microsoft Account users only.');
    }
    throw new EntraError(
      'invalid_tenant',
      90002,
      `Tenant '${authority}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
  }

  private isConsented(tenantId: string, scopes: string[]): boolean {
    const withheld = this.scopesNotConsented.get(tenantId);
    if (this.consentedTenants.has(tenantId) && !scopes.some((scope) => withheld?.has(scope))) return true;
    const granted = this.userConsents.get(tenantId);
    return scopes.length > 0 && !!granted && scopes.every((scope) => granted.has(scope));
  }

  /** The Graph scopes a token carries: those asked, or for `.default` everything consented in the tenant. */
  private grantedScopes(tenantId: string, request: { graph: string[]; wantsDefault: boolean }): string[] {
    if (!request.wantsDefault) return request.graph;
    const withheld = this.scopesNotConsented.get(tenantId);
    const consented = this.consentedTenants.has(tenantId)
      ? this.defaultScopes.filter((scope) => !withheld?.has(scope))
      : [...(this.userConsents.get(tenantId) ?? [])];
    return [...new Set([...consented, ...request.graph])];
  }

  private consentError(clientId: string): EntraError {
    return new EntraError(
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${clientId}' named '${this.appDisplayName}'. Send an interactive authorization request for this user and resource.`,
      'consent_required',
    );
  }

  private sessionUser(request: FakeRequest): { user: EntraUser; sessionId: string } | undefined {
    if (!this.#sessionsEnabled) return undefined;
    const sessionId = parseCookies(request.headers['cookie']).get(SESSION_COOKIE);
    const session = sessionId ? this.#sessions.get(sessionId) : undefined;
    const user = session ? this.users.find((candidate) => candidate.oid === session.oid) : undefined;
    return user && sessionId ? { user, sessionId } : undefined;
  }

  // ---- authorize ----------------------------------------------------------------------------

  private authorize(request: FakeRequest, response: ServerResponse, authority: string): void {
    const query = request.url.searchParams;
    const record: AuthorizeRecord = {
      time: new Date(),
      authority,
      clientId: query.get('client_id') ?? '',
      redirectUri: query.get('redirect_uri') ?? '',
      scopes: (query.get('scope') ?? '').split(/\s+/).filter(Boolean),
      responseMode: query.get('response_mode') ?? 'query',
      outcome: 'error',
      ...(query.get('prompt') ? { prompt: query.get('prompt')! } : {}),
      ...(query.get('login_hint') ? { loginHint: query.get('login_hint')! } : {}),
    };
    this.authorizeRequests.push(record);

    // Problems with the tenant, the client or the redirect URI are shown on a page: the redirect URI cannot be trusted.
    let tenantId: string | undefined;
    try {
      tenantId = this.resolveAuthority(authority).tenantId;
    } catch (error) {
      const entraError = error as EntraError;
      record.error = entraError.error;
      return sendHtml(response, 400, errorPage('Sign in', `AADSTS${entraError.code}: ${entraError.text}`));
    }
    const clientId = record.clientId;
    if (!clientId) {
      record.error = 'invalid_request';
      return sendHtml(response, 400, errorPage('Sign in', "AADSTS900144: The request body must contain the following parameter: 'client_id'."));
    }
    if (!GUID.test(clientId) || (this.registeredClientIds.size > 0 && !this.registeredClientIds.has(clientId))) {
      record.error = 'unauthorized_client';
      return sendHtml(
        response,
        400,
        errorPage('Sign in', `AADSTS700016: Application with identifier '${clientId}' was not found in the directory.`),
      );
    }
    const redirectUri = record.redirectUri;
    if (!redirectUri || !this.redirectUriPatterns.some((pattern) => pattern.test(redirectUri))) {
      record.error = 'invalid_request';
      return sendHtml(
        response,
        400,
        errorPage(
          'Sign in',
          `AADSTS50011: The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`,
        ),
      );
    }

    const responseMode = record.responseMode;
    const state = query.get('state') ?? '';
    const fail = (error: string, code: number, text: string): void => {
      record.error = error;
      this.redirectWithError(response, { redirectUri, responseMode: responseMode === 'form_post' || responseMode === 'fragment' ? responseMode : 'query', state }, error, code, text);
    };
    if (!['query', 'fragment', 'form_post'].includes(responseMode)) {
      return fail('invalid_request', 900144, `The provided value for the input parameter 'response_mode' is not valid: '${responseMode}'.`);
    }
    if (query.get('response_type') !== 'code') {
      return fail('unsupported_response_type', 700054, `response_type '${query.get('response_type') ?? ''}' is not supported by this fake; use 'code'.`);
    }
    const scopeText = query.get('scope') ?? '';
    const scopes = parseScopeText(scopeText);
    if (!scopeText.trim() || scopes.invalid.length > 0) {
      return fail('invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope '${scopes.invalid.join(' ') || scopeText}' is not valid.`);
    }
    const codeChallenge = query.get('code_challenge') ?? '';
    if (!codeChallenge) {
      return fail('invalid_request', 9002325, 'Proof Key for Code Exchange is required for cross-origin authorization code redemption.');
    }
    if (query.get('code_challenge_method') !== 'S256') {
      return fail('invalid_request', 50148, "The code_challenge_method must be 'S256' for this application.");
    }
    if (!state) return fail('invalid_request', 900144, "The request body must contain the following parameter: 'state'.");
    const nonce = query.get('nonce') ?? '';
    if (!nonce) return fail('invalid_request', 900144, "The request body must contain the following parameter: 'nonce'.");
    const prompt = query.get('prompt') ?? undefined;
    if (prompt !== undefined && !['none', 'login', 'select_account', 'consent'].includes(prompt)) {
      return fail('invalid_request', 90023, `Invalid prompt value '${prompt}'.`);
    }

    const pending: PendingAuthorization = {
      id: randomUUID(),
      authority,
      tenantId,
      clientId,
      redirectUri,
      responseMode,
      scopeText,
      graphScopes: scopes.graph,
      wantsDefault: scopes.wantsDefault,
      codeChallenge,
      state,
      nonce,
      prompt,
      loginHint: query.get('login_hint') ?? undefined,
      clientInfo: query.get('client_info') === '1',
      record,
    };

    const session = this.sessionUser(request);
    const hintMatches = (user: EntraUser): boolean =>
      !pending.loginHint || pending.loginHint.toLowerCase() === user.upn.toLowerCase();
    if (prompt === 'none') {
      if (!session || !hintMatches(session.user)) {
        return fail('login_required', 50058, 'A silent sign-in request was sent but no user is signed in.');
      }
      return this.complete(response, pending, session.user, session.sessionId, false, {});
    }
    if (session && prompt !== 'login' && prompt !== 'select_account' && hintMatches(session.user)) {
      return this.complete(response, pending, session.user, session.sessionId, true, {});
    }
    this.#pending.set(pending.id, pending);
    record.outcome = 'signInPage';
    const suggested =
      this.users.find((user) => pending.loginHint && user.upn.toLowerCase() === pending.loginHint.toLowerCase()) ??
      session?.user ??
      this.users[0];
    sendHtml(response, 200, signInPage(pending, suggested?.upn ?? pending.loginHint ?? '', undefined));
  }

  /** Signed in (interactively or by session): consent, then redirect with a code. */
  private complete(
    response: ServerResponse,
    pending: PendingAuthorization,
    user: EntraUser,
    sessionId: string,
    interactive: boolean,
    headers: Record<string, string | string[]>,
  ): void {
    const tenantId = pending.tenantId ?? user.homeTenantId;
    const consented = this.isConsented(tenantId, this.scopesToConsent(pending.graphScopes));
    const mayConsent = interactive && this.userConsentAllowed && tenantId === user.homeTenantId;
    if (!consented && !mayConsent) {
      pending.record.outcome = 'error';
      pending.record.error = 'consent_required';
      this.#pending.delete(pending.id);
      return this.redirectWithError(
        response,
        pending,
        'consent_required',
        65001,
        `The user or administrator has not consented to use the application with ID '${pending.clientId}' named '${this.appDisplayName}'. Send an interactive authorization request for this user and resource.`,
        headers,
      );
    }
    if (!consented || (mayConsent && pending.prompt === 'consent')) {
      pending.signedIn = { user, sessionId };
      this.#pending.set(pending.id, pending);
      pending.record.outcome = 'consentPage';
      return sendHtml(response, 200, consentPage(pending, user, this.scopesToConsent(pending.graphScopes), this.appDisplayName), headers);
    }
    this.issueCode(response, pending, user, tenantId, sessionId, headers);
  }

  /** The Graph scopes a request needs consent for: those named, or the app's default set for OIDC-only/.default. */
  private scopesToConsent(graphScopes: string[]): string[] {
    return graphScopes.length > 0 ? graphScopes : this.defaultScopes;
  }

  private issueCode(
    response: ServerResponse,
    pending: PendingAuthorization,
    user: EntraUser,
    tenantId: string,
    sessionId: string,
    headers: Record<string, string | string[]>,
  ): void {
    this.#pending.delete(pending.id);
    const code = `1.A${randomBytes(48).toString('base64url')}`;
    this.#codes.set(code, {
      clientId: pending.clientId,
      redirectUri: pending.redirectUri,
      codeChallenge: pending.codeChallenge,
      nonce: pending.nonce,
      tenantId,
      user,
      scopeText: pending.scopeText,
      createdAt: this.clock.now(),
      redeemed: false,
      sessionId,
    });
    pending.record.outcome = 'code';
    const params: Record<string, string> = { code };
    if (pending.clientInfo) params['client_info'] = clientInfoFor(user);
    params['state'] = pending.state;
    params['session_state'] = sessionId.slice(0, 36);
    this.sendToRedirectUri(response, pending, params, headers);
  }

  private redirectWithError(
    response: ServerResponse,
    target: { redirectUri: string; responseMode: string; state: string },
    error: string,
    code: number,
    text: string,
    headers: Record<string, string | string[]> = {},
  ): void {
    const params: Record<string, string> = {
      error,
      error_description: aadstsDescription(code, text),
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    };
    if (target.state) params['state'] = target.state;
    this.sendToRedirectUri(response, target, params, headers);
  }

  private sendToRedirectUri(
    response: ServerResponse,
    target: { redirectUri: string; responseMode: string },
    params: Record<string, string>,
    headers: Record<string, string | string[]>,
  ): void {
    const encoded = new URLSearchParams(params).toString();
    if (target.responseMode === 'form_post') {
      const inputs = Object.entries(params)
        .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
        .join('');
      return sendHtml(
        response,
        200,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Working...</title></head><body onload="document.forms[0].submit()"><form method="POST" action="${escapeHtml(target.redirectUri)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form></body></html>`,
        headers,
      );
    }
    const separator = target.responseMode === 'fragment' ? '#' : target.redirectUri.includes('?') ? '&' : '?';
    redirect(response, `${target.redirectUri}${separator}${encoded}`, headers);
  }

  private signInSubmitted(request: FakeRequest, response: ServerResponse): void {
    const form = new URLSearchParams(request.bodyText);
    const pending = this.#pending.get(form.get('flow') ?? '');
    if (!pending) {
      return sendHtml(response, 400, errorPage('Sign in', 'AADSTS90014: This sign-in request has expired or was already used. Start again from the app.'));
    }
    const email = (form.get('email') ?? '').trim();
    const user = this.users.find((candidate) => candidate.upn.toLowerCase() === email.toLowerCase());
    if (!user) {
      return sendHtml(response, 200, signInPage(pending, email, "We couldn't find an account with that username."));
    }
    const sessionId = randomUUID() + randomUUID();
    this.#sessions.set(sessionId, { oid: user.oid, createdAt: this.clock.now() });
    const lifetime = this.#persistentSessions ? `; Max-Age=${90 * 24 * 3600}` : '';
    const cookie = `${SESSION_COOKIE}=${sessionId}; Path=/; Secure; HttpOnly; SameSite=None${lifetime}`;
    this.complete(response, pending, user, sessionId, true, { 'set-cookie': [cookie] });
  }

  private consentSubmitted(request: FakeRequest, response: ServerResponse): void {
    const form = new URLSearchParams(request.bodyText);
    const pending = this.#pending.get(form.get('flow') ?? '');
    const signedIn = pending?.signedIn;
    if (!pending || !signedIn) {
      return sendHtml(response, 400, errorPage('Permissions requested', 'AADSTS90014: This consent request has expired or was already used. Start again from the app.'));
    }
    if (form.get('action') !== 'accept') {
      this.#pending.delete(pending.id);
      pending.record.outcome = 'error';
      pending.record.error = 'access_denied';
      return this.redirectWithError(response, pending, 'access_denied', 65004, 'User declined to consent to access the app.');
    }
    const tenantId = pending.tenantId ?? signedIn.user.homeTenantId;
    const granted = this.userConsents.get(tenantId) ?? new Set<string>();
    for (const scope of this.scopesToConsent(pending.graphScopes)) granted.add(scope);
    this.userConsents.set(tenantId, granted);
    this.issueCode(response, pending, signedIn.user, tenantId, signedIn.sessionId, {});
  }

  private logout(request: FakeRequest, response: ServerResponse): void {
    const sessionId = parseCookies(request.headers['cookie']).get(SESSION_COOKIE);
    if (sessionId) this.#sessions.delete(sessionId);
    const expired = `${SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=None; Max-Age=0`;
    const target = request.url.searchParams.get('post_logout_redirect_uri');
    if (target) return redirect(response, target, { 'set-cookie': [expired] });
    sendHtml(response, 200, errorPage('Signed out', 'You signed out of your account.'), { 'set-cookie': [expired] });
  }

  // ---- token --------------------------------------------------------------------------------

  private token(request: FakeRequest, response: ServerResponse, authority: string, cors: Record<string, string>): void {
    const form = new URLSearchParams(request.bodyText);
    const record: TokenRequestRecord = {
      time: new Date(),
      authority,
      grantType: form.get('grant_type') ?? '',
      clientId: form.get('client_id') ?? '',
      scopes: (form.get('scope') ?? '').split(/\s+/).filter(Boolean),
      outcome: 'issued',
    };
    this.tokenRequests.push(record);
    try {
      if (!isFormBody(request)) {
        throw new EntraError('invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
      }
      if (!record.grantType) {
        throw new EntraError('invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
      }
      if (!record.clientId) {
        throw new EntraError('invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
      }
      if (this.requireCrossOriginRedemption && !request.headers['origin']) {
        throw new EntraError(
          'invalid_request',
          9002327,
          "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
        );
      }
      const body =
        record.grantType === 'authorization_code'
          ? this.redeemCode(form, authority, record)
          : record.grantType === 'refresh_token'
            ? this.redeemRefreshToken(form, authority, record)
            : undefined;
      if (!body) {
        throw new EntraError('unsupported_grant_type', 70003, `The app requested an unsupported grant type '${record.grantType}'.`);
      }
      sendJson(response, 200, body, cors);
    } catch (error) {
      if (!(error instanceof EntraError)) throw error;
      record.outcome = error.error;
      record.errorCode = error.code;
      sendJson(
        response,
        error.status,
        {
          error: error.error,
          error_description: aadstsDescription(error.code, error.text),
          error_codes: [error.code],
          timestamp: new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
          trace_id: randomUUID(),
          correlation_id: randomUUID(),
          error_uri: `https://login.microsoftonline.com/error?code=${error.code}`,
          ...(error.suberror ? { suberror: error.suberror } : {}),
        },
        cors,
      );
    }
  }

  private redeemCode(form: URLSearchParams, authority: string, record: TokenRequestRecord): Record<string, unknown> {
    const code = this.#codes.get(form.get('code') ?? '');
    if (!code) throw new EntraError('invalid_grant', 70000, 'Provided grant is invalid or malformed.');
    if (code.redeemed) {
      throw new EntraError('invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
    }
    if (this.clock.now() - code.createdAt > CODE_LIFETIME_MS) {
      throw new EntraError('invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
    }
    if (code.clientId !== record.clientId) throw new EntraError('invalid_grant', 70000, 'Provided grant is invalid or malformed.');
    const redirectUri = form.get('redirect_uri') ?? '';
    if (redirectUri !== code.redirectUri) {
      throw new EntraError('invalid_grant', 500112, `The reply address '${redirectUri}' does not match the reply address '${code.redirectUri}' provided when requesting Authorization code.`);
    }
    const verifier = form.get('code_verifier') ?? '';
    if (!verifier || createHash('sha256').update(verifier).digest('base64url') !== code.codeChallenge) {
      throw new EntraError('invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
    }
    const { tenantId: authorityTenant } = this.resolveAuthority(authority);
    if (authorityTenant && authorityTenant !== code.tenantId) {
      throw new EntraError('invalid_grant', 700005, 'Provided Authorization Code is intended to use against other tenant, thus rejected.');
    }
    code.redeemed = true;
    const scopeText = form.get('scope') ?? code.scopeText;
    return this.issueTokens({
      grantType: 'authorization_code',
      tenantId: code.tenantId,
      user: code.user,
      clientId: code.clientId,
      scopeText,
      nonce: code.nonce,
      refreshExpiresAt: this.clock.now() + this.refreshTokenLifetimeSeconds * 1000,
      wantsClientInfo: form.get('client_info') === '1',
      record,
    });
  }

  private redeemRefreshToken(form: URLSearchParams, authority: string, record: TokenRequestRecord): Record<string, unknown> {
    const state = this.#refreshTokens.get(form.get('refresh_token') ?? '');
    if (!state) throw new EntraError('invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
    if (state.forcedExpired || state.expiresAt <= this.clock.now()) {
      throw new EntraError(
        'invalid_grant',
        700084,
        `The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page. The token was issued on ${new Date(state.issuedAt).toISOString()}.`,
      );
    }
    if (state.clientId !== record.clientId) {
      throw new EntraError('invalid_grant', 700005, 'Provided refresh token is intended for another client, thus rejected.');
    }
    const { tenantId } = this.resolveAuthority(authority);
    return this.issueTokens({
      grantType: 'refresh_token',
      tenantId: tenantId ?? state.user.homeTenantId,
      user: state.user,
      clientId: state.clientId,
      scopeText: form.get('scope') ?? state.scopeText,
      nonce: undefined,
      refreshExpiresAt: state.expiresAt,
      wantsClientInfo: form.get('client_info') === '1',
      record,
    });
  }

  private issueTokens(grant: {
    grantType: GrantType;
    tenantId: string;
    user: EntraUser;
    clientId: string;
    scopeText: string;
    nonce: string | undefined;
    refreshExpiresAt: number;
    wantsClientInfo: boolean;
    record: TokenRequestRecord;
  }): Record<string, unknown> {
    const requested = parseScopeText(grant.scopeText);
    if (requested.invalid.length > 0) {
      throw new EntraError('invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope '${requested.invalid.join(' ')}' is not valid.`);
    }
    if (!this.isConsented(grant.tenantId, this.scopesToConsent(requested.graph))) throw this.consentError(grant.clientId);
    const scopes = this.grantedScopes(grant.tenantId, requested);
    grant.record.tenantId = grant.tenantId;
    const now = this.clock.now();
    const nowSeconds = Math.floor(now / 1000);
    const lifetime = this.accessTokenLifetimeSeconds;
    const { user, tenantId, clientId } = grant;
    const accessToken = encodeJwtShaped(
      {
        aud: GRAPH_RESOURCE,
        iss: `https://sts.windows.net/${tenantId}/`,
        iat: nowSeconds,
        nbf: nowSeconds,
        exp: nowSeconds + lifetime,
        acr: '1',
        amr: ['pwd', 'mfa'],
        app_displayname: this.appDisplayName,
        appid: clientId,
        appidacr: '0',
        idtyp: 'user',
        name: user.displayName,
        oid: user.oid,
        scp: scopes.join(' '),
        sub: base64url(createHash('sha256').update(`${user.oid}:${GRAPH_APP_ID}`).digest()).slice(0, 43),
        tid: tenantId,
        unique_name: user.upn,
        upn: user.upn,
        uti: randomBytes(16).toString('base64url'),
        ver: '1.0',
      },
      { nonce: randomBytes(16).toString('base64url') },
    );
    this.#accessTokens.set(accessToken, {
      token: accessToken,
      tenantId,
      oid: user.oid,
      upn: user.upn,
      displayName: user.displayName,
      clientId,
      scopes,
      expiresAt: now + lifetime * 1000,
      forcedExpired: false,
    });
    this.issuedTokens.push({ time: new Date(), tenantId, grantType: grant.grantType, clientId, upn: user.upn, scopes });

    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      scope: [...scopes.map((scope) => `${GRAPH_RESOURCE}/${scope}`), ...requested.oidc].join(' '),
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
    };
    if (requested.oidc.includes('offline_access')) {
      const refreshToken = `1.A${randomBytes(96).toString('base64url')}`;
      this.#refreshTokens.set(refreshToken, {
        clientId,
        user,
        scopeText: grant.scopeText,
        expiresAt: grant.refreshExpiresAt,
        issuedAt: now,
        forcedExpired: false,
      });
      body['refresh_token'] = refreshToken;
      body['refresh_token_expires_in'] = Math.max(0, Math.floor((grant.refreshExpiresAt - now) / 1000));
    }
    if (requested.oidc.includes('openid')) {
      body['id_token'] = encodeJwtShaped({
        aud: clientId,
        iss: `https://login.microsoftonline.com/${tenantId}/v2.0`,
        iat: nowSeconds,
        nbf: nowSeconds,
        exp: nowSeconds + 3600,
        name: user.displayName,
        ...(grant.nonce ? { nonce: grant.nonce } : {}),
        oid: user.oid,
        preferred_username: user.upn,
        rh: '0.fake.',
        sub: base64url(createHash('sha256').update(`${user.oid}:${clientId}`).digest()).slice(0, 43),
        tid: tenantId,
        uti: randomBytes(16).toString('base64url'),
        ver: '2.0',
      });
    }
    if (grant.wantsClientInfo) body['client_info'] = clientInfoFor(user);
    return body;
  }
}

function clientInfoFor(user: EntraUser): string {
  return base64url(JSON.stringify({ uid: user.oid, utid: user.homeTenantId }));
}

// ---- pages (plain HTML, no external resources) ----------------------------------------------

const PAGE_STYLE = `
  body { margin: 0; font-family: "Segoe UI", system-ui, sans-serif; background: #f2f2f2; color: #1b1b1b; }
  main { max-width: 440px; margin: 48px auto; background: #fff; padding: 44px; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
  h1 { font-size: 24px; font-weight: 600; margin: 0 0 16px; }
  label { display: block; margin: 16px 0 4px; }
  input[type=email] { width: 100%; box-sizing: border-box; padding: 6px 0; border: 0; border-bottom: 1px solid #666; font-size: 15px; }
  .actions { margin-top: 24px; display: flex; gap: 8px; justify-content: flex-end; }
  button { min-width: 108px; padding: 6px 12px; font-size: 15px; border: 1px solid #8a8886; background: #fff; }
  button.primary { background: #0067b8; border-color: #0067b8; color: #fff; }
  .error { color: #e81123; }
  .brand { font-weight: 600; color: #5e5e5e; margin-bottom: 16px; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

function errorPage(heading: string, message: string): string {
  return page(heading, `<div class="brand">Microsoft (fake, for tests)</div><h1>${escapeHtml(heading)}</h1><p role="alert">${escapeHtml(message)}</p>`);
}

function signInPage(pending: PendingAuthorization, email: string, error: string | undefined): string {
  const action = `/${encodeURIComponent(pending.authority)}/login`;
  return page(
    'Sign in to your account',
    `<div class="brand">Microsoft (fake, for tests)</div>
<h1>Sign in</h1>
<form method="POST" action="${escapeHtml(action)}">
  <input type="hidden" name="flow" value="${escapeHtml(pending.id)}">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" value="${escapeHtml(email)}" required>
  ${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
  <div class="actions"><button class="primary" type="submit">Sign in</button></div>
</form>`,
  );
}

function consentPage(pending: PendingAuthorization, user: EntraUser, scopes: string[], appName: string): string {
  const action = `/${encodeURIComponent(pending.authority)}/consent`;
  const items = scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join('');
  return page(
    'Permissions requested',
    `<div class="brand">${escapeHtml(user.upn)}</div>
<h1>Permissions requested</h1>
<p>${escapeHtml(appName)} would like to:</p>
<ul aria-label="Requested permissions">${items}</ul>
<form method="POST" action="${escapeHtml(action)}">
  <input type="hidden" name="flow" value="${escapeHtml(pending.id)}">
  <div class="actions">
    <button type="submit" name="action" value="cancel">Cancel</button>
    <button class="primary" type="submit" name="action" value="accept">Accept</button>
  </div>
</form>`,
  );
}
