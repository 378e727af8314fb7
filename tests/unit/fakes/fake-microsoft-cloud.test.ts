// @vitest-environment node
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeMicrosoftCloud, type FakeMicrosoftCloud } from '../../fakes/fake-microsoft-cloud';
import { decodeJwtPayload } from '../../fakes/fake-jwt';
import { compileODataFilter, ODataFilterError, type ODataSchema } from '../../fakes/odata-filter';
import {
  CONTOSO_TENANT_ID,
  DEMO_ANALYST,
  DEMO_CLIENT_ID,
  demoTenants,
  FABRIKAM_TENANT_ID,
  NORTHWIND_TENANT_ID,
  SECURITY_OPERATOR_ROLE_ID,
  WOODGROVE_TENANT_ID,
} from '../../fixtures/demo-tenants';

const HOSTS = {
  login: 'login.microsoftonline.com',
  graph: 'graph.microsoft.com',
  portal: 'security.microsoft.com',
  mtoPortal: 'mto.security.microsoft.com',
} as const;
const REDIRECT_URI = `https://${'abcdefghijklmnopabcdefghijklmnop'}.chromiumapp.org/`;
const ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const READ_SCOPE = 'https://graph.microsoft.com/SecurityIncident.Read.All';
const WRITE_SCOPE = 'https://graph.microsoft.com/SecurityIncident.ReadWrite.All';
const GDAP_SCOPE = 'https://graph.microsoft.com/DelegatedAdminRelationship.Read.All';
const OIDC = 'openid profile offline_access';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: any;
  subjectAltName?: string;
}

let cloud: FakeMicrosoftCloud;
let portalDir: string;

function call(
  host: keyof typeof HOSTS,
  method: string,
  pathAndQuery: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: cloud.port,
        method,
        path: pathAndQuery,
        servername: HOSTS[host],
        rejectUnauthorized: false,
        agent: false,
        headers: { host: HOSTS[host], ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          const socket = res.socket as TLSSocket;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, subjectAltName: socket.getPeerCertificate?.().subjectaltname });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const form = (fields: Record<string, string>): { headers: Record<string, string>; body: string } => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', origin: ORIGIN },
  body: new URLSearchParams(fields).toString(),
});

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeQuery(fields: Record<string, string>): string {
  return new URLSearchParams({
    client_id: DEMO_CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    response_mode: 'fragment',
    scope: `${READ_SCOPE} ${OIDC}`,
    state: 'state-123',
    nonce: 'nonce-456',
    client_info: '1',
    code_challenge_method: 'S256',
    ...fields,
  }).toString();
}

/** The redirect's parameters (fragment or query). */
function redirectParams(location: string | undefined): URLSearchParams {
  expect(location).toBeDefined();
  const url = new URL(location!);
  return new URLSearchParams(url.hash ? url.hash.slice(1) : url.search);
}

/** Interactive sign-in at /common/: sign-in page, form post; returns the redirect params and session cookie. */
async function interactiveSignIn(challenge: string, extra: Record<string, string> = {}): Promise<{ params: URLSearchParams; cookie: string; page: string }> {
  const authority = extra['authority'] ?? 'common';
  delete extra['authority'];
  const page = await call('login', 'GET', `/${authority}/oauth2/v2.0/authorize?${authorizeQuery({ code_challenge: challenge, ...extra })}`);
  expect(page.status).toBe(200);
  const flow = /name="flow" value="([^"]+)"/.exec(page.text)?.[1];
  expect(flow).toBeDefined();
  const posted = await call('login', 'POST', `/${authority}/login`, {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ flow: flow!, email: DEMO_ANALYST.upn }).toString(),
  });
  expect(posted.status).toBe(302);
  const cookie = String(posted.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
  return { params: redirectParams(posted.headers.location), cookie, page: page.text };
}

async function redeemCode(code: string, verifier: string, scope = `${READ_SCOPE} ${OIDC}`): Promise<Reply> {
  return call('login', 'POST', '/common/oauth2/v2.0/token', form({
    client_id: DEMO_CLIENT_ID,
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: REDIRECT_URI,
    scope,
    client_info: '1',
  }));
}

async function refresh(authority: string, refreshToken: string, scope = `${READ_SCOPE} ${OIDC}`): Promise<Reply> {
  return call('login', 'POST', `/${authority}/oauth2/v2.0/token`, form({
    client_id: DEMO_CLIENT_ID,
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    scope,
    client_info: '1',
  }));
}

/** Signs in once and returns a refresh token (home tenant). */
async function homeRefreshToken(scope = `${READ_SCOPE} ${WRITE_SCOPE} ${GDAP_SCOPE}`): Promise<{ refreshToken: string; cookie: string; accessToken: string }> {
  const { verifier, challenge } = pkce();
  const { params, cookie } = await interactiveSignIn(challenge, { scope: `${scope} ${OIDC}` });
  const token = await redeemCode(params.get('code')!, verifier, `${scope} ${OIDC}`);
  expect(token.status).toBe(200);
  return { refreshToken: token.json.refresh_token, cookie, accessToken: token.json.access_token };
}

/** An access token for a tenant, by refresh token at /{tenant}/. */
async function tokenFor(tenantId: string, scope = `${READ_SCOPE} ${WRITE_SCOPE}`): Promise<string> {
  const { refreshToken } = await homeRefreshToken();
  const reply = await refresh(tenantId, refreshToken, `${scope} ${OIDC}`);
  expect(reply.status).toBe(200);
  return reply.json.access_token;
}

function graphGet(pathAndQuery: string, token: string, headers: Record<string, string> = {}): Promise<Reply> {
  return call('graph', 'GET', pathAndQuery.replace('https://graph.microsoft.com', ''), { headers: { authorization: `Bearer ${token}`, ...headers } });
}

function graphWrite(method: string, pathAndQuery: string, token: string, body: unknown): Promise<Reply> {
  return call('graph', method, pathAndQuery, {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  portalDir = mkdtempSync(path.join(tmpdir(), 'fake-portal-'));
  for (const name of ['queue', 'incident', 'home', 'queue-dark', 'special', 'mto-incidents', 'mto-home']) {
    writeFileSync(path.join(portalDir, `${name}.html`), `<!doctype html><title>${name}</title><p>${name}</p>`);
  }
  cloud = await startFakeMicrosoftCloud({ portalDir });
});

afterAll(async () => {
  await cloud.close();
  rmSync(portalDir, { recursive: true, force: true });
});

beforeEach(() => {
  cloud.reset();
});

describe('the server', () => {
  it('presents one certificate for all three hosts and gives Chromium the routing flags', async () => {
    const reply = await call('portal', 'GET', '/');
    expect(reply.subjectAltName).toContain('DNS:login.microsoftonline.com');
    expect(reply.subjectAltName).toContain('DNS:graph.microsoft.com');
    expect(reply.subjectAltName).toContain('DNS:security.microsoft.com');
    expect(reply.subjectAltName).toContain('DNS:mto.security.microsoft.com');
    expect(reply.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cloud.chromiumArgs[0]).toBe(
      `--host-resolver-rules=MAP login.microsoftonline.com 127.0.0.1:${cloud.port},MAP graph.microsoft.com 127.0.0.1:${cloud.port},MAP security.microsoft.com 127.0.0.1:${cloud.port},MAP mto.security.microsoft.com 127.0.0.1:${cloud.port}`,
    );
    expect(cloud.chromiumArgs).toContain('--ignore-certificate-errors');
  });

  it('records every request with lowercased headers, query and body', async () => {
    await call('login', 'POST', '/common/oauth2/v2.0/token?x=1', form({ grant_type: 'refresh_token', client_id: DEMO_CLIENT_ID, refresh_token: 'nope' }));
    const [entry] = cloud.loginRequests();
    expect(entry).toMatchObject({ method: 'POST', host: 'login', path: '/common/oauth2/v2.0/token', status: 400 });
    expect(entry!.query.get('x')).toBe('1');
    expect(entry!.headers['origin']).toBe(ORIGIN);
    expect(entry!.bodyForm?.get('grant_type')).toBe('refresh_token');
    cloud.clearRequests();
    expect(cloud.requests).toHaveLength(0);
  });
});

describe('fake Entra', () => {
  it('shows a plain sign-in page with an Email textbox and a Sign in button, prefilled with the first user', async () => {
    const { challenge } = pkce();
    const page = await call('login', 'GET', `/common/oauth2/v2.0/authorize?${authorizeQuery({ code_challenge: challenge })}`);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<label for="email">Email</label>');
    expect(page.text).toMatch(/<input id="email"[^>]*value="analyst@woodgrove-mssp.example"/);
    expect(page.text).toContain('<button class="primary" type="submit">Sign in</button>');
    expect(page.text).not.toMatch(/<(script|link)\b/);
    expect(cloud.entra.authorizeRequests.at(-1)).toMatchObject({ clientId: DEMO_CLIENT_ID, outcome: 'signInPage', responseMode: 'fragment' });
  });

  it('runs the code flow with PKCE, echoes the nonce, and answers CORS like Entra', async () => {
    const { verifier, challenge } = pkce();
    const { params, cookie } = await interactiveSignIn(challenge);
    expect(cookie).toMatch(/^ESTSAUTH=/);
    expect(params.get('state')).toBe('state-123');
    expect(JSON.parse(Buffer.from(params.get('client_info')!, 'base64url').toString())).toEqual({ uid: DEMO_ANALYST.oid, utid: WOODGROVE_TENANT_ID });

    const preflight = await call('login', 'OPTIONS', '/common/oauth2/v2.0/token', {
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type');

    const wrong = await redeemCode(params.get('code')!, pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(wrong.json.error_codes).toEqual([501481]);

    const token = await redeemCode(params.get('code')!, verifier);
    expect(token.status).toBe(200);
    expect(token.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(token.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600 });
    expect(token.json.scope).toBe(`${READ_SCOPE} openid profile offline_access`);
    expect(token.json.refresh_token).toEqual(expect.any(String));
    const idToken = decodeJwtPayload(token.json.id_token)!;
    expect(idToken).toMatchObject({
      nonce: 'nonce-456',
      aud: DEMO_CLIENT_ID,
      tid: WOODGROVE_TENANT_ID,
      iss: `https://login.microsoftonline.com/${WOODGROVE_TENANT_ID}/v2.0`,
      preferred_username: DEMO_ANALYST.upn,
      oid: DEMO_ANALYST.oid,
    });
    const accessToken = decodeJwtPayload(token.json.access_token)!;
    expect(accessToken).toMatchObject({ aud: 'https://graph.microsoft.com', scp: 'SecurityIncident.Read.All', tid: WOODGROVE_TENANT_ID, upn: DEMO_ANALYST.upn });

    const again = await redeemCode(params.get('code')!, verifier);
    expect(again.json.error_codes).toEqual([54005]);
    expect(cloud.entra.tokenCount({ tenantId: WOODGROVE_TENANT_ID, grantType: 'authorization_code' })).toBe(1);
  });

  it('refuses cross-origin-less redemption and unknown redirect URIs', async () => {
    const noOrigin = await call('login', 'POST', '/common/oauth2/v2.0/token', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: DEMO_CLIENT_ID, refresh_token: 'x' }).toString(),
    });
    expect(noOrigin.json.error_codes).toEqual([9002327]);
    const badRedirect = await call('login', 'GET', `/common/oauth2/v2.0/authorize?${authorizeQuery({ code_challenge: 'x', redirect_uri: 'https://evil.example/' })}`);
    expect(badRedirect.status).toBe(400);
    expect(badRedirect.text).toContain('AADSTS50011');
  });

  it('redeems one refresh token for every consented customer tenant, by GUID or domain', async () => {
    const { refreshToken } = await homeRefreshToken();
    const contoso = await refresh(CONTOSO_TENANT_ID, refreshToken);
    expect(contoso.status).toBe(200);
    expect(decodeJwtPayload(contoso.json.access_token)).toMatchObject({ tid: CONTOSO_TENANT_ID, oid: DEMO_ANALYST.oid });
    expect(decodeJwtPayload(contoso.json.id_token)).toMatchObject({ tid: CONTOSO_TENANT_ID });
    expect(decodeJwtPayload(contoso.json.id_token)!['nonce']).toBeUndefined();
    const fabrikam = await refresh('fabrikam.example', contoso.json.refresh_token);
    expect(decodeJwtPayload(fabrikam.json.access_token)).toMatchObject({ tid: FABRIKAM_TENANT_ID });
    expect(cloud.entra.tokenCount({ grantType: 'refresh_token' })).toBe(2);
    expect(cloud.entra.tokenCount({ tenantId: CONTOSO_TENANT_ID })).toBe(1);
  });

  it('answers consent_required (AADSTS65001) for a tenant where the app is not consented', async () => {
    cloud.entra.consentedTenants.delete(NORTHWIND_TENANT_ID);
    const { refreshToken, cookie } = await homeRefreshToken();
    const reply = await refresh(NORTHWIND_TENANT_ID, refreshToken);
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ error: 'invalid_grant', error_codes: [65001], suberror: 'consent_required' });
    expect(reply.json.error_description).toMatch(/^AADSTS65001: The user or administrator has not consented/);
    expect(cloud.entra.tokenCount({ tenantId: NORTHWIND_TENANT_ID })).toBe(0);

    const interactive = await call('login', 'GET', `/${NORTHWIND_TENANT_ID}/oauth2/v2.0/authorize?${authorizeQuery({ code_challenge: pkce().challenge })}`, {
      headers: { cookie },
    });
    expect(interactive.status).toBe(302);
    expect(redirectParams(interactive.headers.location).get('error')).toBe('consent_required');
  });

  it('shows a consent page with Accept when the home tenant has not consented yet', async () => {
    cloud.entra.consentedTenants.delete(WOODGROVE_TENANT_ID);
    const { verifier, challenge } = pkce();
    const page = await call('login', 'GET', `/common/oauth2/v2.0/authorize?${authorizeQuery({ code_challenge: challenge })}`);
    const flow = /name="flow" value="([^"]+)"/.exec(page.text)![1]!;
    const consent = await call('login', 'POST', '/common/login', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ flow, email: DEMO_ANALYST.upn }).toString(),
    });
    expect(consent.status).toBe(200);
    expect(consent.text).toContain('value="accept">Accept</button>');
    expect(consent.text).toContain('SecurityIncident.Read.All');
    const accepted = await call('login', 'POST', '/common/consent', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ flow, action: 'accept' }).toString(),
    });
    const token = await redeemCode(redirectParams(accepted.headers.location).get('code')!, verifier);
    expect(token.status).toBe(200);
  });

  it('answers AADSTS700084 for refresh tokens after expireRefreshTokens(), and after 24 h', async () => {
    const { refreshToken } = await homeRefreshToken();
    cloud.entra.expireRefreshTokens();
    const reply = await refresh(CONTOSO_TENANT_ID, refreshToken);
    expect(reply.json).toMatchObject({ error: 'invalid_grant', error_codes: [700084] });
    expect(reply.json.error_description).toContain('single page app (SPA)');

    const fresh = await homeRefreshToken();
    cloud.clock.advance(24 * 3600_000 + 1000);
    expect((await refresh(CONTOSO_TENANT_ID, fresh.refreshToken)).json.error_codes).toEqual([700084]);
  });

  it('signs in silently with prompt=none when the browser has a session, and answers login_required otherwise', async () => {
    const { cookie } = await homeRefreshToken();
    const silent = await call('login', 'GET', `/${CONTOSO_TENANT_ID}/oauth2/v2.0/authorize?${authorizeQuery({ code_challenge: pkce().challenge, prompt: 'none' })}`, {
      headers: { cookie },
    });
    expect(silent.status).toBe(302);
    expect(redirectParams(silent.headers.location).get('code')).toEqual(expect.any(String));

    const noCookie = await call('login', 'GET', `/common/oauth2/v2.0/authorize?${authorizeQuery({ code_challenge: pkce().challenge, prompt: 'none' })}`);
    const params = redirectParams(noCookie.headers.location);
    expect(params.get('error')).toBe('login_required');
    expect(params.get('error_description')).toMatch(/^AADSTS50058/);
    expect(params.get('state')).toBe('state-123');

    cloud.entra.setSessionEnabled(false);
    const disabled = await call('login', 'GET', `/common/oauth2/v2.0/authorize?${authorizeQuery({ code_challenge: pkce().challenge, prompt: 'none' })}`, {
      headers: { cookie },
    });
    expect(redirectParams(disabled.headers.location).get('error')).toBe('login_required');
    expect(cloud.entra.authorizeRequests.map((record) => record.prompt)).toContain('none');
  });
});

describe('fake Graph', () => {
  it('requires a bearer token the fake issued and that has not expired', async () => {
    const none = await call('graph', 'GET', '/v1.0/security/incidents');
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe('InvalidAuthenticationToken');
    expect((await graphGet('/v1.0/security/incidents', 'a.b.c')).status).toBe(401);
    const token = await tokenFor(CONTOSO_TENANT_ID);
    expect((await graphGet('/v1.0/security/incidents', token)).status).toBe(200);
    cloud.clock.advance(3601_000);
    const expired = await graphGet('/v1.0/security/incidents', token);
    expect(expired.status).toBe(401);
    expect(expired.json.error.message).toContain('expired');
  });

  it('applies the Prefer rule to awaitingAction, in results and in $filter', async () => {
    const token = await tokenFor(CONTOSO_TENANT_ID);
    const plain = await graphGet('/v1.0/security/incidents/1002', token);
    expect(plain.json.status).toBe('unknownFutureValue');
    expect(plain.headers['preference-applied']).toBeUndefined();

    const prefer = { prefer: 'odata.maxpagesize=10, Include-Unknown-Enum-Members' };
    const preferred = await graphGet('/v1.0/security/incidents/1002', token, prefer);
    expect(preferred.json.status).toBe('awaitingAction');
    expect(preferred.headers['preference-applied']).toBe('include-unknown-enum-members');

    const filter = `$filter=${encodeURIComponent("status eq 'awaitingAction'")}`;
    const refused = await graphGet(`/v1.0/security/incidents?${filter}`, token);
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('BadRequest');
    const listed = await graphGet(`/v1.0/security/incidents?${filter}`, token, prefer);
    expect(listed.json.value.map((incident: { id: string }) => incident.id).sort()).toEqual(['1002', '1009']);
  });

  it('filters, pages with absolute nextLinks and expands alerts only when asked', async () => {
    cloud.graph.pageSize = 4;
    const token = await tokenFor(CONTOSO_TENANT_ID);
    const since = cloud.demo!.customers[0]!.incidents.map((incident) => String(incident['lastUpdateDateTime'])).sort()[5]!;
    const filter = `(status ne 'resolved' and status ne 'redirected') and lastUpdateDateTime ge ${since}`;
    const expected = cloud
      .demo!.customers[0]!.incidents.filter((incident) => !['resolved', 'redirected'].includes(String(incident['status'])) && String(incident['lastUpdateDateTime']) >= since)
      .map((incident) => incident['id'])
      .sort();

    const ids: string[] = [];
    let url: string | undefined = `/v1.0/security/incidents?$filter=${encodeURIComponent(filter)}&$expand=alerts&$count=true&$top=10`;
    let pages = 0;
    while (url) {
      const reply = await graphGet(url, token, { prefer: 'include-unknown-enum-members' });
      expect(reply.status).toBe(200);
      expect(reply.json['@odata.count']).toBe(expected.length);
      for (const incident of reply.json.value) {
        ids.push(incident.id);
        expect(Array.isArray(incident.alerts)).toBe(true);
        expect(incident).not.toHaveProperty('recommendedActions');
      }
      url = reply.json['@odata.nextLink'];
      if (url) expect(url).toMatch(/^https:\/\/graph\.microsoft\.com\/v1\.0\/security\/incidents\?.*\$skiptoken=/);
      pages += 1;
    }
    expect(pages).toBe(Math.ceil(expected.length / 4));
    expect(ids.sort()).toEqual(expected);

    const plain = await graphGet(`/v1.0/security/incidents?$filter=${encodeURIComponent("assignedTo eq 'Defender Experts'")}`, token);
    expect(plain.json.value.map((incident: { id: string }) => incident.id).sort()).toEqual(['1001', '1004', '1005']);
    expect(plain.json.value[0]).not.toHaveProperty('alerts');

    const beta = await graphGet('/beta/security/incidents/1003', token);
    expect(beta.json.recommendedHuntingQueries[0].kqlText).toContain('rclone');
  });

  it('answers 400 for filters Graph would refuse', async () => {
    const token = await tokenFor(CONTOSO_TENANT_ID);
    for (const filter of ["startswith(displayName,'x')", "lastUpdateDateTime ge '2026-01-01T00:00:00Z'", "status eq 'bogus'", 'status eq', "colour eq 'red'"]) {
      const reply = await graphGet(`/v1.0/security/incidents?$filter=${encodeURIComponent(filter)}`, token);
      expect(reply.status, filter).toBe(400);
      expect(reply.json.error.message).toMatch(/^Invalid filter clause/);
    }
  });

  it('serves scripted faults in order: 429 with Retry-After, 500, a dropped socket', async () => {
    const token = await tokenFor(CONTOSO_TENANT_ID);
    cloud.addFault({ host: 'graph', pathPattern: /\/security\/incidents/, kind: 'status429', retryAfterSeconds: 7 });
    cloud.addFault({ host: 'graph', kind: 'status500' });
    cloud.addFault({ host: 'graph', kind: 'drop' });
    const throttled = await graphGet('/v1.0/security/incidents', token);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('7');
    expect(throttled.json.error.code).toBe('TooManyRequests');
    expect((await graphGet('/v1.0/security/incidents', token)).status).toBe(500);
    await expect(graphGet('/v1.0/security/incidents', token)).rejects.toThrow();
    expect((await graphGet('/v1.0/security/incidents', token)).status).toBe(200);
    expect(cloud.graphRequests().map((entry) => entry.fault)).toEqual(['status429', 'status500', 'drop', undefined]);
    expect(cloud.pendingFaults).toHaveLength(0);
  });

  it('updates incidents and adds comments for an operator, refuses a reader with 403', async () => {
    const token = await tokenFor(CONTOSO_TENANT_ID);
    const before = String(cloud.graph.tenant(CONTOSO_TENANT_ID).incident('1008')!['lastUpdateDateTime']);
    cloud.clock.advance(60_000);
    const patched = await graphWrite('PATCH', '/v1.0/security/incidents/1008', token, { status: 'resolved', classification: 'falsePositive' });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ id: '1008', status: 'resolved', classification: 'falsePositive', lastModifiedBy: DEMO_ANALYST.upn });
    expect(patched.json.lastUpdateDateTime > before).toBe(true);
    expect(patched.json.lastUpdateDateTime).toMatch(/\.\d{7}Z$/);

    expect((await graphWrite('PATCH', '/v1.0/security/incidents/1008', token, { status: 'awaitingAction' })).status).toBe(400);
    expect((await graphWrite('PATCH', '/v1.0/security/incidents/1007', token, { assignedTo: 'me' })).status).toBe(400);
    expect((await graphWrite('PATCH', '/v1.0/security/incidents/9999', token, { assignedTo: 'me' })).json.error.code).toBe('NotFound');

    const commented = await graphWrite('POST', '/v1.0/security/incidents/1008/comments', token, {
      '@odata.type': 'microsoft.graph.security.alertComment',
      comment: 'Checked with the user.',
    });
    expect(commented.status).toBe(200);
    expect(commented.json.value.at(-1)).toMatchObject({ comment: 'Checked with the user.', createdByDisplayName: DEMO_ANALYST.upn });

    const readerToken = await tokenFor(FABRIKAM_TENANT_ID);
    const forbidden = await graphWrite('PATCH', '/v1.0/security/incidents/2004', readerToken, { status: 'resolved' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.error.code).toBe('Forbidden');
    expect((await graphWrite('POST', '/v1.0/security/incidents/2004/comments', readerToken, { comment: 'x' })).status).toBe(403);

    const readOnly = await tokenFor(CONTOSO_TENANT_ID, READ_SCOPE);
    expect((await graphWrite('PATCH', '/v1.0/security/incidents/1008', readOnly, { status: 'active' })).status).toBe(403);
  });

  it('serves beta incident tasks unless beta is switched off, and GDAP relationships to the partner', async () => {
    const token = await tokenFor(CONTOSO_TENANT_ID);
    const tasks = await graphGet(`/beta/security/incidentTasks?$filter=${encodeURIComponent("incidentId eq '1002' and status eq 'open'")}`, token);
    expect(tasks.json.value.map((task: { id: string }) => task.id)).toEqual(['1002-1', '1002-2', '213213']);
    const done = await graphWrite('PATCH', '/beta/security/incidentTasks/1002-1', token, { status: 'completed' });
    expect(done.json.status).toBe('completed');
    cloud.graph.setBetaAvailable(CONTOSO_TENANT_ID, false);
    expect((await graphGet('/beta/security/incidentTasks', token)).status).toBe(404);
    expect((await graphGet('/v1.0/security/incidents/1002', token)).status).toBe(200);

    const { refreshToken } = await homeRefreshToken();
    const home = await refresh('woodgrove-mssp.example', refreshToken, `${GDAP_SCOPE} ${OIDC}`);
    const relationships = await graphGet('/v1.0/tenantRelationships/delegatedAdminRelationships', home.json.access_token);
    expect(relationships.status).toBe(200);
    expect(relationships.json.value.map((rel: { customer: { tenantId: string } }) => rel.customer.tenantId)).toEqual([
      CONTOSO_TENANT_ID,
      FABRIKAM_TENANT_ID,
      NORTHWIND_TENANT_ID,
    ]);
    expect(relationships.json.value[0].accessDetails.unifiedRoles).toContainEqual({ roleDefinitionId: SECURITY_OPERATOR_ROLE_ID });
  });

  it('answers incident task queries as strictly as Graph: eq on the documented filter names only, $top <= 500', async () => {
    const token = await tokenFor(CONTOSO_TENANT_ID);
    const ids = async (query: string) => {
      const reply = await graphGet(`/beta/security/incidentTasks?${query}`, token);
      return reply.status === 200 ? reply.json.value.map((task: { id: string }) => task.id) : reply.status;
    };
    const filter = (text: string) => `$filter=${encodeURIComponent(text)}`;
    // Documented names that are not property names: incidentId -> incident.id, type -> source, lastUpdateDateTime -> lastModifiedDateTime.
    expect(await ids(filter("incidentId eq '1009'"))).toEqual(['1009-1']);
    expect(await ids(filter("type eq 'defenderExpertsXDR'"))).toEqual(['213213']);
    expect(await ids(filter("actionType eq 'isolateDevice'"))).toEqual(['213213']);
    expect(await ids(filter('lastUpdateDateTime eq 2023-06-27T10:49:33.98Z'))).toEqual(['213213']);
    expect(await ids('$top=500&$orderby=lastUpdateDateTime%20desc')).toHaveLength(6);
    for (const refused of [
      filter("status ne 'completed'"),
      filter("status eq 'open' or status eq 'inProgress'"),
      filter("lastModifiedDateTime eq '2023-06-27T10:49:33.98Z'"),
      filter("source eq 'defenderExpertsXDR'"),
      filter('createdDateTime gt 2023-01-01T00:00:00Z'),
      '$top=501',
      '$orderby=createdDateTime',
      '$expand=incident',
    ]) {
      expect([refused, await ids(refused)]).toEqual([refused, 400]);
    }
  });

  it('PATCHes only a task\'s status, and runs a task\'s response action only for the types Graph runs', async () => {
    const token = await tokenFor(CONTOSO_TENANT_ID);
    expect((await graphWrite('PATCH', '/beta/security/incidentTasks/1002-1', token, { displayName: 'x' })).status).toBe(400);
    expect((await graphWrite('PATCH', '/beta/security/incidentTasks/1002-1', token, { actionStatus: 'completed' })).status).toBe(400);
    const post = (id: string) => call('graph', 'POST', `/beta/security/incidentTasks/${id}/executeResponseAction`, { headers: { authorization: `Bearer ${token}` } });
    const run = await post('213213');
    expect(run.status).toBe(204);
    expect(cloud.graph.tenant(CONTOSO_TENANT_ID).incidentTask('213213')).toMatchObject({
      actionStatus: 'inProgress',
      lastModifiedByDisplayName: DEMO_ANALYST.displayName,
    });
    expect((await post('1002-2')).status).toBe(400); // forceUserPasswordReset
    expect((await post('1009-1')).status).toBe(400); // text
    expect((await post('nope')).status).toBe(404);
    const reader = await tokenFor(FABRIKAM_TENANT_ID);
    expect((await call('graph', 'POST', '/beta/security/incidentTasks/213213/executeResponseAction', { headers: { authorization: `Bearer ${reader}` } })).status).toBe(403);
  });

  it('serves the malformed Northwind incident as it is', async () => {
    const token = await tokenFor(NORTHWIND_TENANT_ID);
    const reply = await graphGet('/v1.0/security/incidents?$top=50', token);
    expect(reply.json.value).toHaveLength(10);
    expect(reply.json.value.find((incident: { id: string }) => incident.id === '3010').status).toBe(42);
    const active = await graphGet(`/v1.0/security/incidents?$filter=${encodeURIComponent("status eq 'active'")}`, token);
    expect(active.json.value.map((incident: { id: string }) => incident.id)).not.toContain('3010');
  });
});

describe('fake Graph, as strict as Graph for incidents', () => {
  const ids = (reply: { json: { value: { id: string }[] } }): string[] => reply.json.value.map((incident) => incident.id).sort();

  it("answers $top above 50 with Graph's 400, on v1.0 and beta, instead of capping", async () => {
    const token = await tokenFor(CONTOSO_TENANT_ID);
    for (const version of ['v1.0', 'beta']) {
      const refused = await graphGet(`/${version}/security/incidents?$top=51`, token);
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatchObject({
        code: 'BadRequest',
        message: "The limit of '50' for Top query has been exceeded. The value from the incoming request is '51'.",
      });
      expect((await graphGet(`/${version}/security/incidents?$top=50`, token)).status).toBe(200);
    }
    expect((await graphGet('/v1.0/security/incidents?$top=500', token)).json.error.message).toContain("is '500'.");
  });

  it('filters only on the documented properties, with comparisons and and/or; refuses the rest with 400', async () => {
    const token = await tokenFor(CONTOSO_TENANT_ID);
    const get = (filter: string) => graphGet(`/v1.0/security/incidents?$filter=${encodeURIComponent(filter)}`, token);
    for (const filter of [
      "status ne 'resolved' or lastUpdateDateTime ge 2026-01-01T00:00:00Z",
      "severity eq 'high' and classification eq 'unknown'",
      "determination eq 'compromisedAccount'",
      'createdDateTime lt 2099-01-01T00:00:00Z',
      "assignedTo eq 'Defender Experts'",
    ]) {
      expect((await get(filter)).status, filter).toBe(200);
    }
    for (const filter of [
      "displayName eq 'x'",
      "tenantId eq 'x'",
      "redirectIncidentId eq '1001'",
      "not (status eq 'active')",
      "status in ('active', 'resolved')",
      "contains(assignedTo, 'Defender')",
      "determination eq 'compromisedUser'",
      "determination eq 'confirmedUserActivity'",
    ]) {
      const reply = await get(filter);
      expect(reply.status, filter).toBe(400);
      expect(reply.json.error.code).toBe('BadRequest');
    }
  });

  it('PATCH: only the writable fields, and classification/determination from the v1.0 enum only', async () => {
    const token = await tokenFor(CONTOSO_TENANT_ID);
    const patch = (body: Record<string, unknown>) => graphWrite('PATCH', '/v1.0/security/incidents/1008', token, body);
    for (const body of [
      { lastModifiedBy: 'someone' },
      { priorityScore: 90 },
      { redirectIncidentId: '1001' },
      { tenantId: CONTOSO_TENANT_ID },
      { comments: [] },
      { determination: 'compromisedUser' },
      { determination: 'confirmedUserActivity' },
      { determination: 'clean' },
      { determination: 'unknownFutureValue' },
      { classification: 'unknownFutureValue' },
      { classification: 'TruePositive' },
      { status: 'inProgress' },
    ]) {
      const reply = await patch(body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.json.error.code).toBe('BadRequest');
    }
    const resolved = await patch({
      status: 'resolved',
      classification: 'truePositive',
      determination: 'compromisedAccount',
      resolvingComment: 'Reset the password.',
      customTags: ['Handoff'],
    });
    expect(resolved.status).toBe(200);
    expect(resolved.json).toMatchObject({ status: 'resolved', classification: 'truePositive', determination: 'compromisedAccount' });
    for (const body of [{ assignedTo: 'me' }, { description: 'd' }, { displayName: 'n' }, { severity: 'high' }, { summary: 's' }, { status: 'active' }]) {
      expect((await patch(body)).status, JSON.stringify(body)).toBe(200);
    }
  });

  it('hides redirected (merged) incidents from lists when asked; a read by id still answers', async () => {
    const token = await tokenFor(CONTOSO_TENANT_ID);
    const all = ids(await graphGet('/v1.0/security/incidents', token));
    expect(all).toContain('1007');
    cloud.graph.tenant(CONTOSO_TENANT_ID).hideRedirected = true;
    const listed = ids(await graphGet('/v1.0/security/incidents', token));
    expect(listed).toEqual(all.filter((id) => id !== '1007'));
    expect(ids(await graphGet(`/v1.0/security/incidents?$filter=${encodeURIComponent("status eq 'redirected'")}`, token))).toEqual([]);
    const byId = await graphGet('/v1.0/security/incidents/1007', token);
    expect(byId.json).toMatchObject({ id: '1007', status: 'redirected', redirectIncidentId: '1001' });

    const hidden = cloud.graph.setTenant(NORTHWIND_TENANT_ID, { incidents: [], role: 'reader', hideRedirected: true });
    expect(hidden.hideRedirected).toBe(true);
  });

  it('removes an incident (vanished): gone from lists, 404 by id', async () => {
    const token = await tokenFor(CONTOSO_TENANT_ID);
    cloud.graph.tenant(CONTOSO_TENANT_ID).removeIncident('1004');
    expect(ids(await graphGet('/v1.0/security/incidents', token))).not.toContain('1004');
    const gone = await graphGet('/v1.0/security/incidents/1004', token);
    expect(gone.status).toBe(404);
    expect(gone.json.error.code).toBe('NotFound');
    expect(() => cloud.graph.tenant(CONTOSO_TENANT_ID).removeIncident('1004')).toThrow();
  });
});

describe('fake portal', () => {
  it('routes Defender URLs to fixture pages, honours ?fixture= and setPage overrides', async () => {
    const title = async (pathAndQuery: string): Promise<string> => {
      const reply = await call('portal', 'GET', pathAndQuery);
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
      return /<title>([^<]*)<\/title>/.exec(reply.text)?.[1] ?? '';
    };
    expect(await title(`/incidents?tid=${CONTOSO_TENANT_ID}`)).toBe('queue');
    expect(await title('/incidents/')).toBe('queue');
    expect(await title(`/incident2/1001/overview?tid=${CONTOSO_TENANT_ID}`)).toBe('incident');
    expect(await title('/incidents/1001?tid=x')).toBe('incident');
    expect(await title('/homepage')).toBe('home');
    expect(await title('/incidents?fixture=queue-dark')).toBe('queue-dark');
    cloud.portal.setPage(/^\/incidents/, 'special.html');
    expect(await title('/incidents')).toBe('special');
    expect((await call('portal', 'GET', '/?fixture=missing')).status).toBe(404);
    expect((await call('portal', 'GET', '/?fixture=../etc')).status).toBe(400);
  });

  it('answers the multitenant portal (mto.security.microsoft.com) with its own pages', async () => {
    const title = async (pathAndQuery: string) => /<title>([^<]*)<\/title>/.exec((await call('mtoPortal', 'GET', pathAndQuery)).text)?.[1];
    expect(await title('/incidents')).toBe('mto-incidents');
    expect(await title('/incidents/1002?x=1')).toBe('mto-incidents');
    expect(await title('/')).toBe('mto-home');
    expect(await title('/alerts')).toBe('mto-home');
    expect(await title('/incidents?fixture=queue-dark')).toBe('queue-dark');
    expect(cloud.portalRequests().map((request) => request.hostname)).toContain('mto.security.microsoft.com');
  });
});

describe('OData filter', () => {
  const schema: ODataSchema = {
    entityName: 'test',
    properties: { status: { kind: 'enum', members: ['active', 'resolved'] }, assignedTo: { kind: 'string' }, lastUpdateDateTime: { kind: 'datetime' } },
  };

  it('handles and/or precedence, parentheses, null and seven-digit timestamps', () => {
    const match = compileODataFilter(
      "assignedTo eq null or status eq 'resolved' and (lastUpdateDateTime gt 2026-03-01T10:00:00.1234567Z or assignedTo eq 'O''Brien')",
      schema,
    );
    expect(match({ assignedTo: null, status: 'active' })).toBe(true);
    expect(match({ assignedTo: 'x', status: 'resolved', lastUpdateDateTime: '2026-03-01T10:00:00.1234568Z' })).toBe(true);
    expect(match({ assignedTo: 'x', status: 'resolved', lastUpdateDateTime: '2026-03-01T10:00:00.1234567Z' })).toBe(false);
    expect(match({ assignedTo: "O'Brien", status: 'resolved' })).toBe(true);
    expect(match({ assignedTo: 'x', status: 42 })).toBe(false);
    expect(() => compileODataFilter("not (status eq 'active')", schema)).toThrow(ODataFilterError);
  });

  it('refuses the operators and connectives an endpoint does not list', () => {
    const eqOnly: ODataSchema = { ...schema, operators: ['eq'], connectives: ['and'] };
    expect(compileODataFilter("status eq 'active' and assignedTo eq 'x'", eqOnly)({ status: 'active', assignedTo: 'x' })).toBe(true);
    expect(() => compileODataFilter("status ne 'active'", eqOnly)).toThrow(/operator 'ne' is not supported/);
    expect(() => compileODataFilter("status eq 'active' or status eq 'resolved'", eqOnly)).toThrow(/logical operator 'or'/);
  });

  it('makes a demo world with every incident id and relative dates', () => {
    const data = demoTenants(new Date('2026-03-10T12:00:00Z'));
    expect(data.customers.map((customer) => customer.incidents.length)).toEqual([18, 12, 10]);
    expect(data.customers[0]!.incidents[0]!['createdDateTime']).toBe('2026-03-09T06:00:00.0000000Z');
  });
});
