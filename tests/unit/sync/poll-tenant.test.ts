// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TokenUnavailableError } from '@/utils/domain/token-unavailable-error';
import { classifyHandoff } from '@/utils/domain/classify-handoff';
import { createGraphClient, type GraphClient, type GraphClientOptions } from '@/utils/graph/graph-client';
import { parseIncidents } from '@/utils/domain/parse-incidents';
import { tenantConfigSchema, type TenantConfig } from '@/utils/domain/settings';
import { changedSinceFilter, firstSyncFilter, graphDateTimeLiteral } from '@/utils/sync/incident-filters';
import { pollTenant, type PollTenantResult } from '@/utils/sync/poll-tenant';
import type { TenantCache } from '@/utils/sync/tenant-cache';
import { startFakeMicrosoftCloud, type FakeMicrosoftCloud } from '../../fakes/fake-microsoft-cloud';
import {
  CONTOSO_TENANT_ID,
  DEMO_ANALYST,
  DEMO_CLIENT_ID,
  demoTenants,
  FABRIKAM_TENANT_ID,
  NORTHWIND_TENANT_ID,
} from '../../fixtures/demo-tenants';
import { fakeCloudFetch, type NodeFetch } from '../../support/fake-cloud-fetch';
import { fakeCloudTokens, signInToFakeCloud, type FakeCloudTokens } from '../../support/fake-cloud-tokens';
import { useInstantTimers } from '../../support/instant-timers';

// Retry-After and backoff sleeps on fake timers, fired at once (tests/support/instant-timers.ts).
const timers = useInstantTimers();

let cloud: FakeMicrosoftCloud;
let fetch: NodeFetch & { close(): void };
let tokens: FakeCloudTokens;

const fast: GraphClientOptions = { retryDelaySeconds: 0, backoff: { baseMs: 5, maxMs: 20 } };
const minute = 60_000;
const day = 24 * 60 * minute;

const contoso = tenantConfigSchema.parse({ tenantId: CONTOSO_TENANT_ID, displayName: 'Contoso', service: 'xdr' });
const fabrikam = tenantConfigSchema.parse({ tenantId: FABRIKAM_TENANT_ID, displayName: 'Fabrikam', service: 'hunting' });
const northwind = tenantConfigSchema.parse({ tenantId: NORTHWIND_TENANT_ID, displayName: 'Northwind', service: 'none' });

function graphFor(tenant: TenantConfig): GraphClient {
  return createGraphClient(tokens.portsFor(tenant.tenantId), fast);
}

function poll(tenant: TenantConfig, previous: TenantCache | null, now = new Date()): Promise<PollTenantResult> {
  return pollTenant({ tenant, previous, graph: graphFor(tenant), now });
}

const actIds = (cache: TenantCache) =>
  Object.values(cache.incidents)
    .filter((entry) => entry.handoff.partnerAction?.kind === 'act')
    .map((entry) => entry.incident.id)
    .sort();

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
  cloud.reset();
  cloud.graph.pageSize = 50;
  // reset() forgets issued tokens; sign in again lazily through a fresh token cache.
  return signInToFakeCloud(fetch, { clientId: DEMO_CLIENT_ID, upn: DEMO_ANALYST.upn }).then((refreshToken) => {
    tokens = fakeCloudTokens(fetch, { clientId: DEMO_CLIENT_ID, refreshToken });
    cloud.clearRequests();
  });
});

describe('pollTenant against the fake Graph', () => {
  it('first sync asks for open incidents plus the window, with the Prefer header, and awaitingAction is "act"', async () => {
    const now = new Date();
    const { cache, changes } = await poll(contoso, null, now);
    const [request] = cloud.graphRequests();
    expect(request?.headers['prefer']).toBe('include-unknown-enum-members');
    expect(request?.query.get('$filter')).toBe(firstSyncFilter(now, 30));
    expect(request?.query.get('$filter')).toMatch(/^status ne 'resolved' or lastUpdateDateTime ge \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(request?.query.get('$expand')).toBe('alerts');

    expect(cache.incidents['1002']?.incident.status).toBe('awaitingAction');
    expect(cache.incidents['1002']?.handoff).toMatchObject({ rule: 'awaitingAction', partnerAction: { kind: 'act' } });
    const demo = parseIncidents(cloud.demo!.customers[0]!.incidents).incidents;
    const expectedAct = demo.filter((incident) => classifyHandoff(incident, 'xdr', now).partnerAction?.kind === 'act');
    expect(actIds(cache)).toEqual(expectedAct.map((incident) => incident.id).sort());
    expect(cache.summary.awaitingYou).toBe(expectedAct.length);
    expect(cache).toMatchObject({
      tenantKey: CONTOSO_TENANT_ID,
      resolvedTenantId: CONTOSO_TENANT_ID,
      status: { state: 'ok', message: null, retryAt: null },
      lastSuccessAt: now.toISOString(),
    });
    expect(changes.firstSync).toBe(true);
    expect(changes.newlyActionable.map((entry) => entry.incident.id).sort()).toEqual(actIds(cache));
  });

  it('without the Prefer header the same incident would be unknownFutureValue (why the header matters)', async () => {
    const token = await tokens.accessToken(CONTOSO_TENANT_ID);
    const response = await fetch('https://graph.microsoft.com/v1.0/security/incidents/1002', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await response.json()) as { status: string }).status).toBe('unknownFutureValue');
  });

  it('waits out a 429 with Retry-After and loses no incident', async () => {
    cloud.addFault({ host: 'graph', kind: 'status429', retryAfterSeconds: 1 });
    const { cache } = await poll(contoso, null);
    expect(timers.delays()).toContain(1000); // the client slept the Retry-After (fake timers: instantly)
    expect(cache.status.state).toBe('ok');
    expect(Object.keys(cache.incidents)).toHaveLength(18);
    expect(cloud.graphRequests().map((request) => request.status)).toEqual([429, 200]);
  });

  it('backs off and recovers from a 500 and a dropped connection', async () => {
    cloud.graph.pageSize = 10;
    cloud.addFault({ host: 'graph', kind: 'status500' });
    cloud.addFault({ host: 'graph', kind: 'drop', pathPattern: /skiptoken/ });
    const { cache } = await poll(contoso, null);
    expect(cache.status.state).toBe('ok');
    expect(Object.keys(cache.incidents)).toHaveLength(18);
    expect(cloud.graphRequests().map((request) => request.fault ?? request.status)).toEqual(['status500', 200, 'drop', 200]);
  });

  it('skips and reports a malformed incident while the rest count', async () => {
    const { cache } = await poll(northwind, null);
    expect(cache.status.state).toBe('ok');
    expect(cache.incidents['3010']).toBeUndefined();
    expect(cache.parseErrors).toEqual([expect.objectContaining({ id: '3010', message: expect.stringContaining('3010') })]);
    expect(cache.summary.total).toBe(9);
    expect(cache.summary.partnerTriage).toBeGreaterThan(0);
  });

  it("a quiet tenant's next poll asks from Graph's answer time (less the overlap), so Graph lists nothing", async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const first = await poll(contoso, null);
    // Every demo incident was updated at least half an hour ago: only Graph's Date header is this late.
    expect(Date.parse(first.cache.watermark!)).toBeGreaterThanOrEqual(before);
    cloud.clearRequests();
    const graph = graphFor(contoso);
    let listed = 0;
    const counting = {
      lastAnswerDate: () => graph.lastAnswerDate(),
      async *listIncidents(query?: Parameters<GraphClient['listIncidents']>[0]) {
        for await (const page of graph.listIncidents(query)) {
          listed += page.length;
          yield page;
        }
      },
    };
    const second = await pollTenant({ tenant: contoso, previous: first.cache, graph: counting, now: new Date() });
    const [request] = cloud.graphRequests();
    expect(request?.query.get('$filter')).toBe(changedSinceFilter(first.cache.watermark!, 2 * minute));
    expect(listed).toBe(0);
    expect(second.changes.newlyActionable).toEqual([]);
    expect(Object.keys(second.cache.incidents)).toEqual(Object.keys(first.cache.incidents));
    expect(Date.parse(second.cache.watermark!)).toBeGreaterThanOrEqual(Date.parse(first.cache.watermark!));
  });

  it('a second poll asks only for changes since the watermark; an incident resolved upstream lowers the count', async () => {
    const first = await poll(contoso, null);
    expect(first.cache.watermark).not.toBeNull();
    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1002', { status: 'resolved', classification: 'truePositive' });
    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1004', { status: 'awaitingAction', assignedTo: 'Customer' });
    cloud.clearRequests();

    const second = await poll(contoso, first.cache);
    const [request] = cloud.graphRequests();
    const filter = request?.query.get('$filter');
    expect(filter).toBe(changedSinceFilter(first.cache.watermark!, 2 * minute));
    expect(filter).toBe(`lastUpdateDateTime ge ${graphDateTimeLiteral(Date.parse(first.cache.watermark!) - 2 * minute)}`);
    expect(cloud.graphRequests()).toHaveLength(1);
    expect(Object.keys(second.cache.incidents)).toHaveLength(18);

    expect(second.cache.incidents['1002']?.incident.status).toBe('resolved');
    expect(second.cache.incidents['1002']?.handoff.partnerAction?.kind).not.toBe('act');
    expect(second.changes.firstSync).toBe(false);
    expect(second.changes.resolvedOrGone).toEqual(['1002']);
    expect(second.changes.newlyActionable.map((entry) => entry.incident.id)).toEqual(['1004']);
    // One left the "act" set, one joined it.
    expect(second.cache.summary.awaitingYou).toBe(first.cache.summary.awaitingYou);
    expect(actIds(second.cache)).toEqual([...actIds(first.cache).filter((id) => id !== '1002'), '1004'].sort());
    expect(Date.parse(second.cache.watermark!)).toBeGreaterThan(Date.parse(first.cache.watermark!));

    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1009', { status: 'resolved' });
    const third = await poll(contoso, second.cache);
    expect(third.cache.summary.awaitingYou).toBe(second.cache.summary.awaitingYou - 1);
  });

  it('a 403 keeps the last good data readable and says the role is missing', async () => {
    const first = await poll(contoso, null);
    cloud.graph.tenant(CONTOSO_TENANT_ID).role = 'none';
    const later = new Date(Date.now() + 5 * minute);
    const { cache, changes } = await poll(contoso, first.cache, later);
    expect(cache.status.state).toBe('missingRole');
    expect(cache.status.message).toMatch(/role/i);
    expect(cache.incidents).toEqual(first.cache.incidents);
    expect(cache.summary).toEqual(first.cache.summary);
    expect(cache.watermark).toBe(first.cache.watermark);
    expect(cache.lastSuccessAt).toBe(first.cache.lastSuccessAt);
    expect(cache.lastAttemptAt).toBe(later.toISOString());
    expect(changes).toEqual({ firstSync: false, newlyActionable: [], resolvedOrGone: [] });
  });

  it('a long Retry-After is not slept through: throttled until retryAt, data kept', async () => {
    const first = await poll(contoso, null);
    cloud.addFault({ host: 'graph', kind: 'status429', retryAfterSeconds: 120 });
    const now = new Date();
    const { cache } = await poll(contoso, first.cache, now);
    expect(cache.status).toEqual({
      state: 'throttled',
      message: expect.any(String),
      retryAt: new Date(now.getTime() + 120_000).toISOString(),
    });
    expect(cache.incidents).toEqual(first.cache.incidents);
  });

  it('maps token failures: consent missing, sign-in needed', async () => {
    cloud.entra.consentedTenants.delete(FABRIKAM_TENANT_ID);
    const consent = await poll(fabrikam, null);
    expect(consent.cache.status.state).toBe('needsConsent');
    expect(consent.cache.status.message).toMatch(/AADSTS65001/);
    expect(consent.changes.firstSync).toBe(true);

    const signedOut = createGraphClient({
      accessToken: () => Promise.reject(new TokenUnavailableError('interactionRequired', 'refresh token expired')),
      forgetToken: () => {},
      fetch,
    });
    const { cache } = await pollTenant({ tenant: contoso, previous: null, graph: signedOut, now: new Date() });
    expect(cache.status.state).toBe('needsSignIn');
    expect(cache.lastSuccessAt).toBeNull();
  });

  it('drops resolved incidents once they are older than the window, keeps open ones however old', async () => {
    const first = await poll(contoso, null);
    const resolved = Object.values(first.cache.incidents).filter((entry) => entry.incident.status === 'resolved');
    expect(resolved.length).toBeGreaterThan(0);
    const { cache, changes } = await poll(contoso, first.cache, new Date(Date.now() + 31 * day));
    for (const entry of resolved) expect(cache.incidents[entry.incident.id]).toBeUndefined();
    expect(cache.incidents['1002']).toBeDefined();
    expect(cache.summary.closed).toBe(0);
    expect(changes.resolvedOrGone).toEqual([]);
    // The time in step moved on with the clock, with no change from Graph.
    expect(cache.incidents['1002']!.handoff.timeInStepMs).toBeGreaterThan(first.cache.incidents['1002']!.handoff.timeInStepMs + 30 * day);
  });
});

describe('pollTenant merging (Graph stubbed)', () => {
  const now = new Date('2026-11-27T12:00:00Z');
  const raw = demoTenants(new Date('2026-11-27T11:00:00Z')).customers[0]!.incidents;
  const byId = (id: string) => structuredClone(raw.find((incident) => incident.id === id)!);
  const stub = (...pages: unknown[][]) => ({
    async *listIncidents() {
      for (const page of pages) yield page;
    },
  });

  it('dedupes an incident seen on two pages, keeping its newest version', async () => {
    const older = { ...byId('1004'), lastUpdateDateTime: '2026-11-27T10:00:00Z' };
    const newer = { ...byId('1004'), status: 'awaitingAction', lastUpdateDateTime: '2026-11-27T10:05:00Z' };
    const { cache } = await pollTenant({ tenant: contoso, previous: null, graph: stub([newer], [older]), now });
    expect(Object.keys(cache.incidents)).toEqual(['1004']);
    expect(cache.incidents['1004']?.incident.status).toBe('awaitingAction');
    expect(cache.watermark).toBe('2026-11-27T10:05:00.000Z');
  });

  it('never moves the watermark past its own clock (a bogus future timestamp would hide updates)', async () => {
    const future = { ...byId('1004'), lastUpdateDateTime: '2099-01-01T00:00:00Z' };
    const { cache } = await pollTenant({ tenant: contoso, previous: null, graph: stub([future]), now });
    expect(cache.watermark).toBe(now.toISOString());
  });

  it("moves the watermark to Graph's answer time when that is later than every update seen", async () => {
    const answeredAt = Date.parse('2026-11-27T11:59:30Z');
    const graph = { ...stub([byId('1004')]), lastAnswerDate: () => answeredAt };
    const { cache } = await pollTenant({ tenant: contoso, previous: null, graph, now });
    expect(cache.watermark).toBe('2026-11-27T11:59:30.000Z');
    // Without Graph's clock the latest update seen stands (the incident was stamped an hour before).
    const { cache: withoutClock } = await pollTenant({ tenant: contoso, previous: null, graph: stub([byId('1004')]), now });
    expect(withoutClock.watermark).toBe(new Date(Date.parse(byId('1004').lastUpdateDateTime as string)).toISOString());
  });

  it("keeps the latest update when Graph's answer time is older, and never passes our own clock", async () => {
    const updated = { ...byId('1004'), lastUpdateDateTime: '2026-11-27T11:58:00Z' };
    const older = { ...stub([updated]), lastAnswerDate: () => Date.parse('2026-11-27T11:50:00Z') };
    expect((await pollTenant({ tenant: contoso, previous: null, graph: older, now })).cache.watermark).toBe('2026-11-27T11:58:00.000Z');
    const ahead = { ...stub([updated]), lastAnswerDate: () => Date.parse('2026-11-27T12:07:00Z') };
    expect((await pollTenant({ tenant: contoso, previous: null, graph: ahead, now })).cache.watermark).toBe(now.toISOString());
  });

  it('keeps reporting a malformed incident until Graph sends it readable', async () => {
    const broken = { ...byId('1004'), status: 42 };
    const first = await pollTenant({ tenant: contoso, previous: null, graph: stub([broken, byId('1001')]), now });
    expect(first.cache.parseErrors.map((error) => error.id)).toEqual(['1004']);
    const quiet = await pollTenant({ tenant: contoso, previous: first.cache, graph: stub([]), now });
    expect(quiet.cache.parseErrors.map((error) => error.id)).toEqual(['1004']);
    const fixed = await pollTenant({ tenant: contoso, previous: quiet.cache, graph: stub([byId('1004')]), now });
    expect(fixed.cache.parseErrors).toEqual([]);
    expect(Object.keys(fixed.cache.incidents).sort()).toEqual(['1001', '1004']);
  });

  it('an empty tenant is not a first sync forever: its first incident is news', async () => {
    const empty = await pollTenant({ tenant: contoso, previous: null, graph: stub([]), now });
    expect(empty.changes.firstSync).toBe(true);
    expect(empty.cache.watermark).toBeNull();
    const next = await pollTenant({ tenant: contoso, previous: empty.cache, graph: stub([byId('1002')]), now });
    expect(next.changes.firstSync).toBe(false);
    expect(next.changes.newlyActionable.map((entry) => entry.incident.id)).toEqual(['1002']);
  });
});
