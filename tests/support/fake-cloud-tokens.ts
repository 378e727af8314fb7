/**
 * Access tokens from the fake Entra for Node tests and the bench, obtained the way the extension does
 * (through the real protocol, no back door): one interactive sign-in at /common/ (authorize with PKCE,
 * the sign-in form, the code redeemed with an Origin header as an SPA must), then a refresh-token grant
 * at /{tenantId}/ for each customer tenant. Token endpoint errors become TokenUnavailableError with the
 * kind the extension's broker would report (consent_required -> consentRequired, an expired refresh
 * token -> interactionRequired).
 */
import { createHash, randomBytes } from 'node:crypto';
import { TokenUnavailableError } from '../../utils/domain/token-unavailable-error';
import type { GraphClientPorts } from '../../utils/graph/graph-client';
import type { NodeFetch } from './fake-cloud-fetch';

export const fakeRedirectUri = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const loginBase = 'https://login.microsoftonline.com';
export const graphReadScopes = 'https://graph.microsoft.com/SecurityIncident.Read.All openid profile offline_access';
export const gdapReadScopes = 'https://graph.microsoft.com/DelegatedAdminRelationship.Read.All openid profile offline_access';

interface TokenAnswer {
  access_token?: string;
  refresh_token?: string;
  error?: string;
  error_description?: string;
  error_codes?: number[];
  suberror?: string;
}

function formBody(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams(fields).toString(),
  };
}

async function tokenRequest(fetch: NodeFetch, authority: string, fields: Record<string, string>): Promise<TokenAnswer> {
  let response: Response;
  try {
    response = await fetch(`${loginBase}/${authority}/oauth2/v2.0/token`, formBody(fields));
  } catch (error) {
    throw new TokenUnavailableError('network', error instanceof Error ? error.message : String(error));
  }
  const answer = (await response.json()) as TokenAnswer;
  if (response.ok && answer.access_token) return answer;
  const codes = answer.error_codes ?? [];
  const message = answer.error_description ?? answer.error ?? `token endpoint answered ${response.status}`;
  if (answer.suberror === 'consent_required' || codes.includes(65001)) throw new TokenUnavailableError('consentRequired', message);
  if (answer.error === 'invalid_grant') throw new TokenUnavailableError('interactionRequired', message);
  throw new TokenUnavailableError('failed', message);
}

/** Signs `upn` in interactively at /common/ and returns the refresh token (valid for every consented tenant). */
export async function signInToFakeCloud(
  fetch: NodeFetch,
  options: { clientId: string; upn: string; scope?: string },
): Promise<string> {
  const scope = options.scope ?? graphReadScopes;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const authorize = new URLSearchParams({
    client_id: options.clientId,
    redirect_uri: fakeRedirectUri,
    response_type: 'code',
    response_mode: 'fragment',
    scope,
    state: 'bench-state',
    nonce: 'bench-nonce',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const page = await fetch(`${loginBase}/common/oauth2/v2.0/authorize?${authorize}`);
  const flow = /name="flow" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!flow) throw new Error(`fake Entra showed no sign-in form (status ${page.status})`);
  const posted = await fetch(`${loginBase}/common/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ flow, email: options.upn }).toString(),
  });
  const location = posted.headers.get('location');
  const code = location ? new URLSearchParams(new URL(location).hash.slice(1)).get('code') : null;
  if (!code) throw new Error(`fake Entra gave no code (status ${posted.status}, location ${location ?? 'none'})`);
  const answer = await tokenRequest(fetch, 'common', {
    client_id: options.clientId,
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: fakeRedirectUri,
    scope,
  });
  if (!answer.refresh_token) throw new Error('fake Entra issued no refresh token');
  return answer.refresh_token;
}

/**
 * Per-tenant access tokens from a refresh token, cached in memory like the extension's broker, and
 * Graph client ports bound to one tenant.
 */
export function fakeCloudTokens(fetch: NodeFetch, options: { clientId: string; refreshToken: string; scope?: string }) {
  const scope = options.scope ?? graphReadScopes;
  const cache = new Map<string, Promise<string>>();
  let requests = 0;

  function accessToken(tenantId: string): Promise<string> {
    const cached = cache.get(tenantId);
    if (cached) return cached;
    requests += 1;
    const pending = tokenRequest(fetch, tenantId, {
      client_id: options.clientId,
      grant_type: 'refresh_token',
      refresh_token: options.refreshToken,
      scope,
    }).then((answer) => answer.access_token ?? '');
    // A failure is not cached: the next poll asks again.
    pending.catch(() => cache.delete(tenantId));
    cache.set(tenantId, pending);
    return pending;
  }

  return {
    accessToken,
    forget(tenantId: string): void {
      cache.delete(tenantId);
    },
    /** Token requests made so far (cache misses). */
    get tokenRequests(): number {
      return requests;
    },
    portsFor(tenantId: string): GraphClientPorts {
      return { accessToken: () => accessToken(tenantId), forgetToken: () => cache.delete(tenantId), fetch };
    },
  };
}

export type FakeCloudTokens = ReturnType<typeof fakeCloudTokens>;
