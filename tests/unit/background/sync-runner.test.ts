import '@/tests/support/fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AuthHostRequest } from '@/utils/auth/auth-protocol';
import { createTokenBroker } from '@/utils/auth/token-broker';
import { graphClientFor } from '@/utils/background/graph-clients';
import { createSyncRunner, pollAlarmName, schedulePolling } from '@/utils/background/sync-runner';
import { settingsSchema, type Settings, type TenantConfigInput } from '@/utils/domain/settings';
import { writeSettings, writeSignedInAccount } from '@/utils/storage/settings-storage';
import { readTenantCache, writeTenantCache } from '@/utils/storage/tenant-cache-storage';
import { addPendingNotifications, readPendingNotifications } from '@/utils/storage/pending-notifications-storage';
import { readTenantSummaries } from '@/utils/storage/tenant-summaries-storage';
import { emptyTenantCache, type SyncStatus, type TenantCache } from '@/utils/sync/tenant-cache';

/**
 * The sync runner with WXT's fake browser (storage; action and alarms stubbed), the real token broker on
 * a fake MSAL host, and a stubbed fetch standing in for Graph: it answers every incident listing with an
 * empty page and tells the tenants apart by their bearer token.
 */

const clientId = '0a1b2c3d-0000-4000-8000-000000000001';
const home = 'd4c5b6a7-1111-4222-8333-944455556666';
const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const account = { username: 'analyst@woodgrove.example', name: 'Analyst', homeTenantId: home, homeAccountId: `oid.${home}` };
const tenant = (tenantId: string, displayName: string): TenantConfigInput => ({
  tenantId,
  resolvedTenantId: tenantId,
  displayName,
  service: 'hunting',
});

function deferred<T = void>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

function fakeGraph() {
  /** Tenants whose incidents were listed, in order (from the bearer token). */
  const listed: string[] = [];
  const state = { inFlight: 0, maxInFlight: 0, hold: null as Promise<void> | null, entered: deferred(), status: 200 };
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const token = new Headers(init?.headers).get('authorization') ?? '';
    if (String(url).includes('/security/incidents')) listed.push(token.replace('Bearer token-', ''));
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    state.entered.resolve();
    try {
      if (state.hold) await state.hold;
      if (state.status !== 200) return new Response(JSON.stringify({ error: { code: 'InvalidAuthenticationToken' } }), { status: state.status });
      return new Response(JSON.stringify({ value: [] }), { status: 200, headers: { 'content-type': 'application/json' } });
    } finally {
      state.inFlight -= 1;
    }
  });
  return { fetch, listed, state };
}

function fakeBroker() {
  const asked: AuthHostRequest[] = [];
  const broker = createTokenBroker({
    redirectUri: 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/',
    now: () => Date.now(),
    launchWebAuthFlow: () => Promise.reject(new Error('no interactive flow in unit tests')),
    async askAuthHost(request) {
      asked.push(request);
      if (request.type === 'forgetTenants') return { ok: true };
      if (request.type !== 'acquireSilent') return { ok: false, kind: 'failed', message: 'not faked' };
      const token = { accessToken: `token-${request.tenantId}`, expiresOn: Date.now() + 3_600_000, tenantId: request.tenantId };
      return { ok: true, token: { ...token, scopes: request.scopes, account } };
    },
  });
  return { broker, asked };
}

async function configure(settings: Omit<Partial<Settings>, 'tenants'> & { tenants?: TenantConfigInput[] }, signedIn = true) {
  await writeSettings(settingsSchema.parse({ clientId, ...settings }));
  if (signedIn) await writeSignedInAccount(account);
}

/** A stored tenant cache; with no summaries document yet, the runner's first read builds the summaries from these. */
async function storedCache(key: string, status: SyncStatus, change: Partial<TenantCache> = {}): Promise<void> {
  await writeTenantCache({ ...emptyTenantCache(key), status, ...change });
}
const ok: SyncStatus = { state: 'ok', message: null, retryAt: null };

let graph: ReturnType<typeof fakeGraph>;
let badgeTexts: string[];

beforeEach(() => {
  fakeBrowser.reset();
  graph = fakeGraph();
  vi.stubGlobal('fetch', graph.fetch);
  badgeTexts = [];
  vi.spyOn(fakeBrowser.action, 'setBadgeText').mockImplementation(async ({ text }) => {
    badgeTexts.push(text ?? '');
  });
  vi.spyOn(fakeBrowser.action, 'setBadgeBackgroundColor').mockResolvedValue(undefined);
  vi.spyOn(fakeBrowser.action, 'setTitle').mockResolvedValue(undefined);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('sync runner rounds', () => {
  it('polls every configured tenant with its own token, saves caches and summaries, and sets the badge', async () => {
    await configure({ tenants: [tenant(contoso, 'Contoso'), tenant(fabrikam, 'Fabrikam')] });
    const { broker, asked } = fakeBroker();
    await createSyncRunner(broker).runNow();
    expect(graph.listed.sort()).toEqual([contoso, fabrikam].sort());
    expect(asked.map((request) => request.type === 'acquireSilent' && request.tenantId).sort()).toEqual([contoso, fabrikam].sort());
    expect((await readTenantCache(contoso))?.status.state).toBe('ok');
    expect(Object.keys(await readTenantSummaries()).sort()).toEqual([contoso, fabrikam].sort());
    expect(badgeTexts.at(-1)).toBe('');
  });

  it('runs one round at a time: calls during a round share one next round, never a parallel one', async () => {
    await configure({ tenants: [tenant(contoso, 'Contoso')] });
    const release = deferred();
    graph.state.hold = release.promise;
    const runner = createSyncRunner(fakeBroker().broker);
    let firstDone = false;
    const first = runner.runNow().then(() => (firstDone = true));
    await graph.state.entered.promise;
    const second = runner.runNow();
    const third = runner.runNow();
    expect(graph.listed).toHaveLength(1);
    graph.state.hold = null;
    release.resolve();
    await Promise.all([first, second, third]);
    expect(firstDone).toBe(true);
    expect(graph.listed).toHaveLength(2);
    expect(graph.state.maxInFlight).toBe(1);
    // The round is over: the next call starts a new one.
    await runner.runNow();
    expect(graph.listed).toHaveLength(3);
  });

  it('a call during a round resolves only after the round it joined', async () => {
    await configure({ tenants: [tenant(contoso, 'Contoso')] });
    const release = deferred();
    graph.state.hold = release.promise;
    const runner = createSyncRunner(fakeBroker().broker);
    void runner.runNow();
    await graph.state.entered.promise;
    const joined = runner.runNow().then(() => graph.listed.length);
    graph.state.hold = null;
    release.resolve();
    expect(await joined).toBe(2);
  });

  it('skips a tenant Graph throttled until its retryAt has passed, and polls the others', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-27T10:00:00.000Z') });
    await configure({ tenants: [tenant(contoso, 'Contoso'), tenant(fabrikam, 'Fabrikam')] });
    await storedCache(contoso, { state: 'throttled', message: 'Too many requests', retryAt: '2026-11-27T10:05:00.000Z' });
    const runner = createSyncRunner(fakeBroker().broker);
    await runner.runNow();
    expect(graph.listed).toEqual([fabrikam]);
    vi.setSystemTime(new Date('2026-11-27T10:04:59.000Z'));
    await runner.runNow();
    expect(graph.listed).toEqual([fabrikam, fabrikam]);
    vi.setSystemTime(new Date('2026-11-27T10:05:01.000Z'));
    await runner.runNow();
    expect(graph.listed.slice(2).sort()).toEqual([contoso, fabrikam].sort());
    expect((await readTenantSummaries())[contoso]?.status.state).toBe('ok');
  });

  it('a round on the alarm follows the schedule (a quiet tenant just polled waits); any other round polls every tenant', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-27T10:00:00.000Z') });
    await configure({ tenants: [tenant(contoso, 'Contoso'), tenant(fabrikam, 'Fabrikam')], pollIntervalMinutes: 2 });
    const runner = createSyncRunner(fakeBroker().broker);
    await runner.runNow();
    expect(graph.listed.sort()).toEqual([contoso, fabrikam].sort());
    vi.setSystemTime(new Date('2026-11-27T10:00:30.000Z'));
    await runner.runNow({ scheduled: true });
    expect(graph.listed).toHaveLength(2);
    // Two intervals on, both quiet tenants are due again whatever their phase.
    vi.setSystemTime(new Date('2026-11-27T10:04:00.000Z'));
    await runner.runNow({ scheduled: true });
    expect(graph.listed.slice(2).sort()).toEqual([contoso, fabrikam].sort());
    await runner.runNow();
    expect(graph.listed.slice(4).sort()).toEqual([contoso, fabrikam].sort());
  });

  it('only refreshes the badge when nobody is signed in', async () => {
    await configure({ tenants: [tenant(contoso, 'Contoso')] }, false);
    const { broker, asked } = fakeBroker();
    await createSyncRunner(broker).runNow();
    expect(graph.fetch).not.toHaveBeenCalled();
    expect(asked).toEqual([]);
    expect(await readTenantCache(contoso)).toBeNull();
    expect(badgeTexts).toEqual(['!']);
  });

  it('only refreshes the badge when no client id is set', async () => {
    await configure({ clientId: null, tenants: [tenant(contoso, 'Contoso')] });
    const { broker, asked } = fakeBroker();
    await createSyncRunner(broker).runNow();
    expect(graph.fetch).not.toHaveBeenCalled();
    expect(asked).toEqual([]);
    expect(badgeTexts).toHaveLength(1);
  });

  it('drops the cache, summary, pending notifications and MSAL tokens of tenants removed from the settings', async () => {
    const northwind = '16fd2706-8baf-433b-82eb-8c7fada847da';
    await configure({ tenants: [tenant(contoso, 'Contoso')] }, false);
    for (const key of [contoso, northwind]) await storedCache(key, ok);
    const pending = (tenantKey: string) => ({ id: `n-${tenantKey}`, tenantKey, title: 'Awaiting you', message: 'm', url: null, incidentIds: ['1'] });
    await addPendingNotifications([pending(contoso), pending(northwind)]);
    expect(Object.keys(await readTenantSummaries()).sort()).toEqual([contoso, northwind].sort());
    const { broker, asked } = fakeBroker();
    await createSyncRunner(broker).runNow();
    expect(await readTenantCache(northwind)).toBeNull();
    expect(await readTenantCache(contoso)).not.toBeNull();
    expect(Object.keys(await readTenantSummaries())).toEqual([contoso]);
    expect((await readPendingNotifications()).map((notification) => notification.tenantKey)).toEqual([contoso]);
    expect(asked.filter((request) => request.type === 'forgetTenants')).toEqual([
      expect.objectContaining({ type: 'forgetTenants', clientId, tenantIds: [northwind] }),
    ]);
  });

  it('refreshBadge reads the stored summaries without polling', async () => {
    await configure({ tenants: [tenant(contoso, 'Contoso')] });
    const summary = emptyTenantCache(contoso).summary;
    await storedCache(contoso, ok, { lastSuccessAt: new Date().toISOString(), summary: { ...summary, awaitingYou: 3 } });
    await createSyncRunner(fakeBroker().broker).refreshBadge();
    expect(badgeTexts).toEqual(['3']);
    expect(graph.fetch).not.toHaveBeenCalled();
  });
});

describe('graphClientFor', () => {
  it('sends the broker\'s token for the tenant and, after a 401, asks the broker for a fresh one', async () => {
    const { broker, asked } = fakeBroker();
    graph.state.status = 401;
    const client = graphClientFor(broker, clientId, contoso);
    await expect(client.getIncident('1001')).rejects.toThrow();
    const silent = asked.filter((request) => request.type === 'acquireSilent');
    expect(silent.map((request) => [request.tenantId, request.forceRefresh])).toEqual([
      [contoso, false],
      [contoso, true],
    ]);
    expect(new Headers(graph.fetch.mock.calls[0]?.[1]?.headers).get('authorization')).toBe(`Bearer token-${contoso}`);
  });
});

describe('schedulePolling', () => {
  function fakeAlarms() {
    const alarms = new Map<string, { name: string; scheduledTime: number; periodInMinutes?: number }>();
    vi.spyOn(fakeBrowser.alarms, 'get').mockImplementation(async (name?: string) => alarms.get(name ?? ''));
    const create = vi.spyOn(fakeBrowser.alarms, 'create').mockImplementation(async (...args: unknown[]) => {
      const [name, info] = args as [string, { periodInMinutes?: number; delayInMinutes?: number }];
      alarms.set(name, { name, scheduledTime: Date.now() + (info.delayInMinutes ?? 0) * 60_000, periodInMinutes: info.periodInMinutes });
    });
    return { alarms, create };
  }

  it('creates the poll alarm for the interval, keeps it while the interval is unchanged, recreates it when it changes', async () => {
    const { alarms, create } = fakeAlarms();
    await schedulePolling(settingsSchema.parse({ pollIntervalMinutes: 5 }));
    expect(create).toHaveBeenCalledWith(pollAlarmName, { periodInMinutes: 5, delayInMinutes: 5 });
    await schedulePolling(settingsSchema.parse({ pollIntervalMinutes: 5 }));
    expect(create).toHaveBeenCalledTimes(1);
    await schedulePolling(settingsSchema.parse({ pollIntervalMinutes: 15 }));
    expect(create).toHaveBeenLastCalledWith(pollAlarmName, { periodInMinutes: 15, delayInMinutes: 15 });
    expect(alarms.get(pollAlarmName)?.periodInMinutes).toBe(15);
  });
});
