// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccessToken } from '@/utils/auth/auth-protocol';
import { huntingScopes, type TokenBroker } from '@/utils/auth/token-broker';
import { accessTokenTenantId } from '@/utils/auth/token-tenant';
import { graphClientFor, huntingAccessToken, huntingGraphClientFor } from '@/utils/background/graph-clients';

const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

const jwtFor = (tid: string) =>
  [{ typ: 'JWT' }, { tid, aud: 'https://graph.microsoft.com' }]
    .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
    .concat('sig')
    .join('.');

function brokerIssuing(accessToken: string, reportedTenant: string): TokenBroker {
  const token: AccessToken = {
    accessToken,
    expiresOn: Date.now() + 3600_000,
    tenantId: reportedTenant,
    scopes: [],
    account: { username: 'a', name: null, homeTenantId: contoso, homeAccountId: 'x' },
  };
  return { accessToken: vi.fn(async () => token), forget: vi.fn() } as unknown as TokenBroker;
}

describe('graphClientFor: the right tenant or nothing', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends nothing when the token is for another tenant than expected', async () => {
    const fetch = vi.fn(async () => new Response('{}', { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    // MSAL says Contoso, but the token itself is Fabrikam's: the token's own claim wins.
    const graph = graphClientFor(brokerIssuing(jwtFor(fabrikam), contoso), 'client', contoso, [], 'v1.0', contoso);
    await expect(graph.getIncident('1')).rejects.toThrow(/another tenant/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('uses a token of the expected tenant', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ id: '1' }), { status: 200, headers: { 'content-type': 'application/json' } }));
    vi.stubGlobal('fetch', fetch);
    const graph = graphClientFor(brokerIssuing(jwtFor(contoso.toUpperCase()), contoso), 'client', contoso, [], 'v1.0', contoso);
    await expect(graph.getIncident('1')).resolves.toMatchObject({ id: '1' });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('reads the tenant from the token, and from MSAL only when the token is not a readable JWT', () => {
    expect(accessTokenTenantId({ accessToken: jwtFor(fabrikam), tenantId: contoso })).toBe(fabrikam);
    expect(accessTokenTenantId({ accessToken: 'opaque-token', tenantId: contoso.toUpperCase() })).toBe(contoso);
    expect(accessTokenTenantId({ accessToken: 'a.%%%.c', tenantId: 'not-a-guid' })).toBeNull();
  });
});

describe('huntingGraphClientFor: advanced hunting in one tenant', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks the broker for ThreatHunting.Read.All in that tenant and hands a 429 back without sending again', async () => {
    const fetch = vi.fn(
      async () =>
        new Response(JSON.stringify({ error: { code: 'TooManyRequests', message: 'calls per minute' } }), {
          status: 429,
          headers: { 'content-type': 'application/json', 'Retry-After': '0' },
        }),
    );
    vi.stubGlobal('fetch', fetch);
    const broker = brokerIssuing(jwtFor(contoso), contoso);
    const graph = huntingGraphClientFor(broker, 'client', contoso, contoso);
    await expect(graph.runHuntingQuery({ Query: 'DeviceInfo', Timespan: 'P1D' })).rejects.toMatchObject({ status: 429, retryAfterSeconds: 0 });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(String((fetch.mock.calls[0] as unknown[])[0])).toBe('https://graph.microsoft.com/v1.0/security/runHuntingQuery');
    expect(broker.accessToken).toHaveBeenCalledWith('client', contoso, huntingScopes);
  });

  it('sends nothing with a token of another tenant', async () => {
    const fetch = vi.fn(async () => new Response('{}', { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const graph = huntingGraphClientFor(brokerIssuing(jwtFor(fabrikam), fabrikam), 'client', contoso, contoso);
    await expect(graph.runHuntingQuery({ Query: 'DeviceInfo', Timespan: 'P1D' })).rejects.toThrow(/another tenant/);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('huntingAccessToken: the tenant’s hunting token before its query (the runner’s authorize)', () => {
  it('asks the broker for ThreatHunting.Read.All in that tenant and hands the token out only for that tenant', async () => {
    const broker = brokerIssuing(jwtFor(contoso), contoso);
    await expect(huntingAccessToken(broker, 'client', 'contoso.example', contoso)).resolves.toBe(jwtFor(contoso));
    expect(broker.accessToken).toHaveBeenCalledWith('client', 'contoso.example', huntingScopes);
    await expect(huntingAccessToken(brokerIssuing(jwtFor(fabrikam), contoso), 'client', contoso, contoso)).rejects.toThrow(/another tenant/);
  });
});
