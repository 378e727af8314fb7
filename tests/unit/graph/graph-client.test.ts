// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TokenUnavailableError } from '@/utils/domain/token-unavailable-error';
import { createGraphClient, incidentPageSize, type GraphClient, type GraphClientOptions } from '@/utils/graph/graph-client';
import { GraphRequestError, parseRetryAfterSeconds } from '@/utils/domain/graph-request-error';
import { backoffDelayMs } from '@/utils/graph/retry-backoff';
import { startFakeMicrosoftCloud, type FakeMicrosoftCloud } from '../../fakes/fake-microsoft-cloud';
import {
  CONTOSO_TENANT_ID,
  DEMO_ANALYST,
  DEMO_CLIENT_ID,
  FABRIKAM_TENANT_ID,
  WOODGROVE_TENANT_ID,
} from '../../fixtures/demo-tenants';
import { fakeCloudFetch, type NodeFetch } from '../../support/fake-cloud-fetch';
import { fakeCloudTokens, gdapReadScopes, signInToFakeCloud, type FakeCloudTokens } from '../../support/fake-cloud-tokens';
import { useInstantTimers } from '../../support/instant-timers';

// Retry-After and backoff sleeps on fake timers, fired at once (tests/support/instant-timers.ts).
const timers = useInstantTimers();

let cloud: FakeMicrosoftCloud;
let fetch: NodeFetch & { close(): void };
let tokens: FakeCloudTokens;

const fastRetries: GraphClientOptions = {
  retryDelaySeconds: 0,
  backoff: { baseMs: 5, maxMs: 20 },
};

function clientFor(tenantId: string, options: GraphClientOptions = fastRetries): GraphClient {
  return createGraphClient(tokens.portsFor(tenantId), options);
}

async function allIncidents(client: GraphClient, filter?: string): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const page of client.listIncidents(filter === undefined ? {} : { filter })) items.push(...page);
  return items;
}

const idsOf = (items: unknown[]) => items.map((item) => (item as { id: string }).id).sort();

beforeAll(async () => {
  cloud = await startFakeMicrosoftCloud();
  fetch = fakeCloudFetch(cloud);
  const refreshToken = await signInToFakeCloud(fetch, { clientId: DEMO_CLIENT_ID, upn: DEMO_ANALYST.upn });
  tokens = fakeCloudTokens(fetch, { clientId: DEMO_CLIENT_ID, refreshToken });
});

afterAll(async () => {
  fetch.close();
  await cloud.close();
});

beforeEach(() => {
  cloud.clearFaults();
  cloud.clearRequests();
  cloud.graph.pageSize = 50;
});

describe('createGraphClient against the fake Graph', () => {
  it('lists incidents with $expand=alerts and the Prefer header, so awaitingAction comes through', async () => {
    const items = await allIncidents(clientFor(CONTOSO_TENANT_ID));
    expect(idsOf(items)).toContain('1002');
    const awaiting = items.find((item) => (item as { id: string }).id === '1002') as { status: string; alerts: unknown[] };
    expect(awaiting.status).toBe('awaitingAction');
    expect(awaiting.alerts.length).toBeGreaterThan(0);
    const [request] = cloud.graphRequests();
    expect(request?.headers['prefer']).toBe('include-unknown-enum-members');
    expect(request?.query.get('$expand')).toBe('alerts');
    expect(request?.headers['authorization']).toMatch(/^Bearer \S+$/);
  });

  it("remembers Graph's clock at its latest answer (the Date header: the fake's clock here)", async () => {
    const client = clientFor(CONTOSO_TENANT_ID);
    expect(client.lastAnswerDate()).toBeNull();
    cloud.clock.advance(90 * 60_000);
    try {
      const graphNow = Math.floor(cloud.clock.now() / 1000) * 1000;
      await allIncidents(client);
      expect(client.lastAnswerDate()).toBeGreaterThanOrEqual(graphNow);
      expect(client.lastAnswerDate()).toBeLessThanOrEqual(cloud.clock.now());
    } finally {
      cloud.clock.reset();
    }
  });

  it("a client kept across listings (the sync's) reports only this listing's answer time: none when its answer had no Date", async () => {
    const dates = ['Wed, 02 Dec 2026 10:00:00 GMT', null];
    const client = createGraphClient({
      accessToken: async () => 'token',
      forgetToken: () => undefined,
      fetch: async () => {
        const date = dates.shift() ?? null;
        return new Response(JSON.stringify({ value: [] }), {
          status: 200,
          headers: { 'content-type': 'application/json', ...(date === null ? {} : { date }) },
        });
      },
    });
    await allIncidents(client);
    expect(client.lastAnswerDate()).toBe(Date.parse('2026-12-02T10:00:00Z'));
    await allIncidents(client);
    expect(client.lastAnswerDate()).toBeNull();
  });

  it('follows @odata.nextLink until the last page', async () => {
    cloud.graph.pageSize = 5;
    const items = await allIncidents(clientFor(CONTOSO_TENANT_ID));
    expect(items).toHaveLength(18);
    expect(new Set(idsOf(items)).size).toBe(18);
    expect(cloud.graphRequests()).toHaveLength(4);
    expect(cloud.graphRequests().every((request) => request.headers['prefer'] === 'include-unknown-enum-members')).toBe(true);
  });

  it('never asks for more than Graph allows: $top is clamped to 1..50 (Graph answers 400 above 50)', async () => {
    expect([incidentPageSize(undefined), incidentPageSize(500), incidentPageSize(51), incidentPageSize(10), incidentPageSize(0)]).toEqual([
      50, 50, 50, 10, 1,
    ]);
    const pages = clientFor(CONTOSO_TENANT_ID).listIncidents({ top: 500 });
    let count = 0;
    for await (const page of pages) count += page.length;
    expect(count).toBe(18);
    expect(cloud.graphRequests()[0]?.query.get('$top')).toBe('50');
  });

  it('sends $filter as OData, quotes and DateTimeOffset literals intact', async () => {
    const items = await allIncidents(clientFor(CONTOSO_TENANT_ID), "status eq 'awaitingAction' or assignedTo eq 'O''Brien'");
    expect(idsOf(items)).toEqual(['1002', '1009']);
    expect(cloud.graphRequests()[0]?.query.get('$filter')).toBe("status eq 'awaitingAction' or assignedTo eq 'O''Brien'");
  });

  it('waits out a 429 Retry-After and completes with nothing lost', async () => {
    cloud.addFault({ host: 'graph', kind: 'status429', retryAfterSeconds: 1 });
    const items = await allIncidents(clientFor(CONTOSO_TENANT_ID));
    expect(timers.delays()).toContain(1000); // the client slept the Retry-After (fake timers: instantly)
    expect(items).toHaveLength(18);
    expect(cloud.graphRequests().map((request) => request.status)).toEqual([429, 200]);
  });

  it('does not sleep through a Retry-After longer than the cap: a GraphRequestError says when to come back', async () => {
    cloud.addFault({ host: 'graph', kind: 'status429', retryAfterSeconds: 120 });
    const error = await allIncidents(clientFor(CONTOSO_TENANT_ID)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ status: 429, code: 'TooManyRequests', retryAfterSeconds: 120 });
    expect(cloud.graphRequests()).toHaveLength(1);
  });

  it('gives up on 429 after maxRetries', async () => {
    cloud.addFault({ host: 'graph', kind: 'status429', retryAfterSeconds: 0, times: 5 });
    const error = await allIncidents(clientFor(CONTOSO_TENANT_ID, { ...fastRetries, maxRetries: 2 })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 0 });
    expect(cloud.graphRequests()).toHaveLength(3);
  });

  it('retries 503 through the library RetryHandler', async () => {
    cloud.addFault({ host: 'graph', kind: 'status503', retryAfterSeconds: 0 });
    expect(await allIncidents(clientFor(CONTOSO_TENANT_ID))).toHaveLength(18);
    expect(cloud.graphRequests().map((request) => request.status)).toEqual([503, 200]);
  });

  it('backs off and recovers from a 500 and from a dropped connection', async () => {
    cloud.addFault({ host: 'graph', kind: 'status500' });
    cloud.addFault({ host: 'graph', kind: 'drop' });
    expect(await allIncidents(clientFor(CONTOSO_TENANT_ID))).toHaveLength(18);
    expect(cloud.graphRequests().map((request) => request.fault ?? request.status)).toEqual(['status500', 'drop', 200]);
  });

  it('reports a 500 that persists as a GraphRequestError, bounded by transientRetries', async () => {
    cloud.addFault({ host: 'graph', kind: 'status500', times: 10 });
    const error = await allIncidents(clientFor(CONTOSO_TENANT_ID, { ...fastRetries, transientRetries: 2 })).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ status: 500, code: 'InternalServerError' });
    expect(cloud.graphRequests()).toHaveLength(3);
  });

  it('reports a connection that keeps dropping as status 0 networkError', async () => {
    cloud.addFault({ host: 'graph', kind: 'drop', times: 10 });
    const error = await allIncidents(clientFor(CONTOSO_TENANT_ID, { ...fastRetries, transientRetries: 1 })).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ status: 0, code: 'networkError' });
    expect(cloud.graphRequests()).toHaveLength(2);
  });

  it('on 401 drops the token, gets a fresh one and retries once', async () => {
    const forgetToken = vi.fn(() => tokens.forget(CONTOSO_TENANT_ID));
    const client = createGraphClient({ ...tokens.portsFor(CONTOSO_TENANT_ID), forgetToken }, fastRetries);
    await allIncidents(client);
    cloud.entra.expireAccessTokens();
    cloud.clearRequests();
    expect(await allIncidents(client)).toHaveLength(18);
    expect(forgetToken).toHaveBeenCalledTimes(1);
    const [refused, retried] = cloud.graphRequests();
    expect(refused?.status).toBe(401);
    expect(retried?.status).toBe(200);
    expect(retried?.headers['authorization']).not.toBe(refused?.headers['authorization']);
    expect(retried?.headers['authorization']).toMatch(/^Bearer \S+$/);
  });

  it('maps 403 to a GraphRequestError with Graph’s code and message', async () => {
    cloud.graph.tenant(CONTOSO_TENANT_ID).role = 'none';
    try {
      const error = await allIncidents(clientFor(CONTOSO_TENANT_ID)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(GraphRequestError);
      expect(error).toMatchObject({ status: 403, code: 'Forbidden' });
      expect((error as Error).message).toMatch(/role/);
    } finally {
      cloud.graph.tenant(CONTOSO_TENANT_ID).role = 'operator';
    }
  });

  it('passes the token port’s own error through unchanged', async () => {
    const refused = new TokenUnavailableError('consentRequired', 'AADSTS65001');
    const client = createGraphClient({ accessToken: () => Promise.reject(refused), forgetToken: () => {}, fetch }, fastRetries);
    await expect(allIncidents(client)).rejects.toBe(refused);
    expect(cloud.graphRequests()).toHaveLength(0);
  });

  it('rejects with the abort reason when the signal aborts', async () => {
    cloud.addFault({ host: 'graph', kind: 'delay', delayMs: 2000 });
    const controller = new AbortController();
    const reason = new DOMException('stop', 'AbortError');
    const client = clientFor(CONTOSO_TENANT_ID);
    const listing = (async () => {
      for await (const page of client.listIncidents({ signal: controller.signal })) void page;
    })();
    setTimeout(() => controller.abort(reason), 50);
    await expect(listing).rejects.toBe(reason);
  });

  it('gets one incident with its alerts, and a 404 for an unknown one', async () => {
    const client = clientFor(FABRIKAM_TENANT_ID);
    expect(await client.getIncident('2001')).toMatchObject({ id: '2001', alerts: expect.any(Array) });
    await expect(client.getIncident('9999')).rejects.toMatchObject({ status: 404, code: 'NotFound' });
  });

  it('lists the partner’s GDAP relationships with a home-tenant token', async () => {
    const refreshToken = await signInToFakeCloud(fetch, { clientId: DEMO_CLIENT_ID, upn: DEMO_ANALYST.upn, scope: gdapReadScopes });
    const home = fakeCloudTokens(fetch, { clientId: DEMO_CLIENT_ID, refreshToken, scope: gdapReadScopes });
    cloud.graph.pageSize = 2;
    const relationships = await createGraphClient(home.portsFor(WOODGROVE_TENANT_ID), fastRetries).listDelegatedAdminRelationships();
    expect(relationships.map((item) => (item as { customer: { tenantId: string } }).customer.tenantId).sort()).toEqual(
      [CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, '16fd2706-8baf-433b-82eb-8c7fada847da'].sort(),
    );
    expect(cloud.graphRequests().filter((request) => request.path.endsWith('/delegatedAdminRelationships'))).toHaveLength(2);
  });

  it('lists a relationship’s access assignments and the analyst’s groups (User.Read, advanced query), paged', async () => {
    const scope = `${gdapReadScopes} https://graph.microsoft.com/User.Read`;
    const refreshToken = await signInToFakeCloud(fetch, { clientId: DEMO_CLIENT_ID, upn: DEMO_ANALYST.upn, scope });
    const home = fakeCloudTokens(fetch, { clientId: DEMO_CLIENT_ID, refreshToken, scope });
    cloud.graph.pageSize = 1;
    const client = createGraphClient(home.portsFor(WOODGROVE_TENANT_ID), fastRetries);
    const fabrikam = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d-7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const assignments = (await client.listDelegatedAdminAccessAssignments(fabrikam)) as Array<{ status: string; accessContainer: { accessContainerId: string } }>;
    expect(assignments.map((item) => item.status)).toEqual(['active', 'active', 'deleted']);
    const groups = (await client.listMyGroups()) as Array<{ id: string; displayName: string }>;
    expect(groups.map((group) => group.displayName)).toEqual(['Woodgrove SOC operators', 'Woodgrove SOC readers']);
    expect(cloud.graphRequests().filter((request) => request.path.endsWith('/microsoft.graph.group'))).toHaveLength(2);
    await expect(client.listDelegatedAdminAccessAssignments('unknown-relationship')).rejects.toMatchObject({ status: 404 });
  });
});

describe('retry arithmetic', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(parseRetryAfterSeconds('7', now)).toBe(7);
    expect(parseRetryAfterSeconds('Fri, 27 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfterSeconds('Fri, 27 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterSeconds('soon', now)).toBeUndefined();
    expect(parseRetryAfterSeconds(null, now)).toBeUndefined();
  });

  it('backs off exponentially, with jitter in the upper half of each step, bounded', () => {
    const policy = { baseMs: 500, maxMs: 8000 };
    expect(backoffDelayMs(1, policy, () => 0)).toBe(250);
    expect(backoffDelayMs(1, policy, () => 0.999999)).toBe(500);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(1000);
    expect(backoffDelayMs(20, policy, () => 0.999999)).toBe(8000);
  });
});
