// @vitest-environment node
/**
 * runHuntingQuery through the whole fake cloud over HTTPS: Entra's consent (Northwind's leaves out
 * ThreatHunting.Read.All), fake-graph's route and token checks, the demo rows, the request log.
 */
import { createHash, randomBytes } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeMicrosoftCloud, type FakeMicrosoftCloud } from '../../fakes/fake-microsoft-cloud';
import { huntRequests, huntRequestTenant } from '../../fakes/fake-hunting';
import { CONTOSO_TENANT_ID, DEMO_ANALYST, DEMO_CLIENT_ID, FABRIKAM_TENANT_ID, NORTHWIND_TENANT_ID } from '../../fixtures/demo-tenants';

const REDIRECT_URI = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const READ = 'https://graph.microsoft.com/SecurityIncident.Read.All';
const HUNT = 'https://graph.microsoft.com/ThreatHunting.Read.All';
const OIDC = 'openid profile offline_access';
const RCLONE = 'DeviceProcessEvents\n| where Timestamp > ago(7d)\n| where FileName =~ "rclone.exe"\n| project Timestamp, DeviceName, AccountName, ProcessCommandLine';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  json: any;
}

let cloud: FakeMicrosoftCloud;
let refreshToken: string;

function call(host: 'login' | 'graph', method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  const hostname = host === 'login' ? 'login.microsoftonline.com' : 'graph.microsoft.com';
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port: cloud.port, method, path, servername: hostname, rejectUnauthorized: false, agent: false, headers: { host: hostname, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function tokenRequest(authority: string, fields: Record<string, string>): Promise<Reply> {
  const body = new URLSearchParams({ client_id: DEMO_CLIENT_ID, client_info: '1', ...fields }).toString();
  return call('login', 'POST', `/${authority}/oauth2/v2.0/token`, { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }, body);
}

/** Signs the demo analyst in at /common/ (sign-in page, code, redemption); returns the refresh token. */
async function signIn(): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    client_id: DEMO_CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    response_mode: 'fragment',
    scope: `${READ} ${OIDC}`,
    state: 's',
    nonce: 'n',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const page = await new Promise<string>((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port: cloud.port, method: 'GET', path: `/common/oauth2/v2.0/authorize?${query}`, servername: 'login.microsoftonline.com', rejectUnauthorized: false, agent: false, headers: { host: 'login.microsoftonline.com' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      },
    );
    req.on('error', reject);
    req.end();
  });
  const flow = /name="flow" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const posted = await call('login', 'POST', '/common/login', { 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ flow, email: DEMO_ANALYST.upn }).toString());
  const code = new URLSearchParams(new URL(String(posted.headers.location)).hash.slice(1)).get('code') ?? '';
  const redeemed = await tokenRequest('common', { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT_URI, scope: `${READ} ${OIDC}` });
  expect(redeemed.status).toBe(200);
  return redeemed.json.refresh_token;
}

async function accessToken(tenantId: string, scope: string): Promise<Reply> {
  return tokenRequest(tenantId, { grant_type: 'refresh_token', refresh_token: refreshToken, scope: `${scope} ${OIDC}` });
}

function hunt(token: string, body: unknown, version = 'v1.0'): Promise<Reply> {
  return call('graph', 'POST', `/${version}/security/runHuntingQuery`, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, JSON.stringify(body));
}

beforeAll(async () => {
  cloud = await startFakeMicrosoftCloud();
  refreshToken = await signIn();
});

afterAll(async () => {
  await cloud.close();
});

beforeEach(() => {
  cloud.clearRequests();
});

describe('runHuntingQuery in the demo world', () => {
  it('answers each consented tenant its own rows, and the request log counts requests per tenant', async () => {
    const counts: number[] = [];
    for (const tenantId of [CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID]) {
      const token = await accessToken(tenantId, HUNT);
      expect(token.status).toBe(200);
      const reply = await hunt(token.json.access_token, { Query: RCLONE, Timespan: 'P7D' });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toContain('application/json');
      expect(reply.json.schema).toHaveLength(4);
      counts.push(reply.json.results.length);
    }
    expect(counts).toEqual([3, 1]);
    expect(huntRequests(cloud.requests, CONTOSO_TENANT_ID)).toHaveLength(1);
    expect(huntRequests(cloud.requests, FABRIKAM_TENANT_ID)).toHaveLength(1);
    expect(huntRequests(cloud.requests).map(huntRequestTenant)).toEqual([CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID]);
    expect(huntRequests(cloud.requests, NORTHWIND_TENANT_ID)).toEqual([]);
  });

  it('refuses a ThreatHunting.Read.All token in Northwind (AADSTS65001 consent_required) while its incident scope works', async () => {
    const refused = await accessToken(NORTHWIND_TENANT_ID, HUNT);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toBe('invalid_grant');
    expect(refused.json.suberror).toBe('consent_required');
    expect(refused.json.error_codes).toEqual([65001]);
    const incidents = await accessToken(NORTHWIND_TENANT_ID, READ);
    expect(incidents.status).toBe(200);
    // A consent that now includes it: tokens again.
    cloud.entra.scopesNotConsented.delete(NORTHWIND_TENANT_ID);
    expect((await accessToken(NORTHWIND_TENANT_ID, HUNT)).status).toBe(200);
    cloud.reset();
    refreshToken = await signIn();
    expect((await accessToken(NORTHWIND_TENANT_ID, HUNT)).status).toBe(400);
  });

  it('answers 403 to a token without ThreatHunting.Read.All, 401 without a token, 405 to GET, and serves beta too', async () => {
    const incidentsOnly = await accessToken(CONTOSO_TENANT_ID, READ);
    const forbidden = await hunt(incidentsOnly.json.access_token, { Query: RCLONE });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.error.code).toBe('Forbidden');
    expect(forbidden.json.error.innerError['request-id']).toBe(forbidden.headers['request-id']);
    const anonymous = await call('graph', 'POST', '/v1.0/security/runHuntingQuery', { 'content-type': 'application/json' }, '{"Query":"DeviceProcessEvents"}');
    expect(anonymous.status).toBe(401);
    const token = (await accessToken(CONTOSO_TENANT_ID, HUNT)).json.access_token as string;
    const get = await call('graph', 'GET', '/v1.0/security/runHuntingQuery', { authorization: `Bearer ${token}` });
    expect(get.status).toBe(405);
    const beta = await hunt(token, { query: 'DeviceLogonEvents | count' }, 'beta');
    expect([beta.status, beta.json.results]).toEqual([200, [{ Count: 4 }]]);
  });

  it('sends the 429 with Retry-After through Graph, exposed to the browser', async () => {
    const token = (await accessToken(CONTOSO_TENANT_ID, HUNT)).json.access_token as string;
    cloud.graph.hunting.scriptNext(CONTOSO_TENANT_ID, { kind: 'throttled', limit: 'calls', retryAfterSeconds: 12 });
    const reply = await hunt(token, { Query: RCLONE });
    expect(reply.status).toBe(429);
    expect(reply.headers['retry-after']).toBe('12');
    expect(String(reply.headers['access-control-expose-headers'])).toContain('Retry-After');
    expect(reply.json.error.code).toBe('TooManyRequests');
    expect(reply.json.error.message).toContain('45 calls per minute');
  });
});
