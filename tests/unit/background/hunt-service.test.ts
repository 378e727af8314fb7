import '@/tests/support/fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TokenBroker } from '@/utils/auth/token-broker';
import { createHuntService } from '@/utils/background/hunt-service';
import { GraphRequestError } from '@/utils/domain/graph-request-error';
import { settingsSchema, type Settings, type TenantConfig } from '@/utils/domain/settings';
import { TokenUnavailableError } from '@/utils/domain/token-unavailable-error';
import type { HuntRun } from '@/utils/hunting/hunt-model';
import { huntConsentMessage } from '@/utils/hunting/hunt-outcome';
import { readAllHuntRows, readHuntRun, readHuntTenantRows, writeHuntRun, writeHuntTenantRows } from '@/utils/storage/hunt-runs-storage';
import { writeSettings, writeSignedInAccount } from '@/utils/storage/settings-storage';

/**
 * The worker's hunt service with the real runner and storage (fake IndexedDB, WXT's fake browser for the
 * settings), a Graph answered by the test per tenant, and fake timers (the 250 ms batching of run writes).
 */

const writes = vi.hoisted(() => ({ runs: [] as unknown[], markGate: Promise.resolve() as Promise<unknown> }));
vi.mock('@/utils/storage/hunt-runs-storage', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/utils/storage/hunt-runs-storage')>();
  return {
    ...actual,
    writeHuntRun: async (run: HuntRun) => {
      writes.runs.push(structuredClone(run));
      return actual.writeHuntRun(run);
    },
    markInterruptedHuntRuns: async (now: number) => {
      await writes.markGate;
      return actual.markInterruptedHuntRuns(now);
    },
  };
});

const clientId = '0a1b2c3d-0000-4000-8000-000000000001';
const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const runId = '11111111-1111-4111-8111-111111111111';
const account = { username: 'analyst@woodgrove.example', name: 'Analyst', homeTenantId: contoso, homeAccountId: `oid.${contoso}` };
const tenants = [
  { tenantId: contoso, resolvedTenantId: contoso, displayName: 'Contoso', service: 'xdr' },
  { tenantId: 'fabrikam.example', resolvedTenantId: null, displayName: 'Fabrikam', service: 'hunting' },
  { tenantId: fabrikam, resolvedTenantId: fabrikam, displayName: 'Northwind', service: 'xdr' },
];
const answerOf = (name: string) => ({ schema: [{ name: 'DeviceName', type: 'String' }], results: [{ DeviceName: name }] });

/** Graph per tenant, answered by the test: every runHuntingQuery waits until answered, failed or aborted. */
function fakeGraph() {
  const calls: Array<{ tenant: string; body: unknown; signal: AbortSignal; resolve(value: unknown): void; reject(error: unknown): void }> = [];
  const graphFor = vi.fn((_clientId: string, tenant: TenantConfig) => ({
    runHuntingQuery: (body: { Query: string; Timespan: string }, options?: { signal?: AbortSignal }) =>
      new Promise<unknown>((resolve, reject) => {
        const signal = options!.signal!;
        signal.addEventListener('abort', () => reject(signal.reason));
        calls.push({ tenant: tenant.tenantId, body, signal, resolve, reject });
      }),
  }));
  const call = (tenant: string) => {
    const found = calls.find((candidate) => candidate.tenant === tenant);
    if (!found) throw new Error(`no call to ${tenant}`);
    return found;
  };
  return { graphFor, calls, call };
}

/** Lets promises and fake IndexedDB (setImmediate: not faked) run until `done()` holds. */
async function until(done: () => boolean | Promise<boolean>): Promise<void> {
  for (let turn = 0; turn < 200; turn += 1) {
    if (await done()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('never happened');
}

let clock = 1_000_000;
async function setUp(settings: Partial<Settings> = {}, signedIn = true) {
  await writeSettings(settingsSchema.parse({ clientId, tenants, ...settings }));
  if (signedIn) await writeSignedInAccount(account, []);
  const graph = fakeGraph();
  let ids = 0;
  const service = createHuntService({
    broker: {} as TokenBroker,
    now: () => clock,
    randomId: () => (ids++ === 0 ? runId : `22222222-2222-4222-8222-22222222222${ids}`),
    graphFor: graph.graphFor,
  });
  return { service, graph };
}

const start = { type: 'startHunt', query: 'DeviceInfo | take 1', timespan: 'P7D', source: null } as const;

beforeEach(() => {
  fakeBrowser.reset();
  writes.runs = [];
  writes.markGate = Promise.resolve();
  clock = 1_000_000;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => vi.useRealTimers());

describe('hunt service: starting a run', () => {
  it('refuses tenant keys the settings do not have, naming them, and stores nothing', async () => {
    const { service, graph } = await setUp();
    await expect(service.startHunt({ ...start, tenantKeys: [contoso, 'unknown.example'] })).rejects.toThrow(
      'Handoff has no tenant unknown.example in its settings: nothing was run.',
    );
    expect(writes.runs).toEqual([]);
    expect(graph.graphFor).not.toHaveBeenCalled();
  });

  it('refuses without an application id or a signed-in analyst', async () => {
    const noClient = await setUp({ clientId: null });
    await expect(noClient.service.startHunt({ ...start, tenantKeys: [contoso] })).rejects.toThrow('application (client) ID');
    fakeBrowser.reset();
    const signedOut = await setUp({}, false);
    await expect(signedOut.service.startHunt({ ...start, tenantKeys: [contoso] })).rejects.toThrow('Sign in to Handoff first.');
    expect(writes.runs).toEqual([]);
  });

  it('answers the run id at once, stores the run with every tenant pending, and runs the query in each', async () => {
    const { service, graph } = await setUp();
    const answer = await service.startHunt({ ...start, tenantKeys: [fabrikam, 'fabrikam.example', contoso, fabrikam] });
    expect(answer).toEqual({ ok: true, runId });
    const pending = { kind: 'pending' };
    expect(writes.runs).toEqual([
      {
        runId,
        query: 'DeviceInfo | take 1',
        timespan: 'P7D',
        startedAt: 1_000_000,
        finishedAt: null,
        state: 'running',
        stoppedReason: null,
        source: null,
        tenants: [
          { tenantKey: fabrikam, tenantId: fabrikam, displayName: 'Northwind', outcome: pending },
          { tenantKey: 'fabrikam.example', tenantId: 'fabrikam.example', displayName: 'Fabrikam', outcome: pending },
          { tenantKey: contoso, tenantId: contoso, displayName: 'Contoso', outcome: pending },
        ],
      },
    ]);
    await until(() => graph.calls.length === 3);
    expect(graph.calls.map((call) => [call.tenant, call.body])).toEqual([
      [fabrikam, { Query: 'DeviceInfo | take 1', Timespan: 'P7D' }],
      ['fabrikam.example', { Query: 'DeviceInfo | take 1', Timespan: 'P7D' }],
      [contoso, { Query: 'DeviceInfo | take 1', Timespan: 'P7D' }],
    ]);
    expect(graph.graphFor.mock.calls.map(([id, tenant]) => [id, tenant.displayName])).toEqual([
      [clientId, 'Northwind'],
      [clientId, 'Fabrikam'],
      [clientId, 'Contoso'],
    ]);
  });

  it('answers from memory while running (no rows), stores rows before a tenant reads done, and writes the end once', async () => {
    const { service, graph } = await setUp();
    await service.startHunt({ ...start, tenantKeys: [contoso, fabrikam] });
    await until(() => graph.calls.length === 2);
    expect((await service.getHuntRun(runId)).run?.tenants.map((tenant) => tenant.outcome.kind)).toEqual(['running', 'running']);
    clock += 1_500;
    graph.call(contoso).resolve(answerOf('pc-1'));
    await until(async () => (await service.getHuntRun(runId)).run?.tenants[0]?.outcome.kind === 'done');
    expect(await readHuntTenantRows(runId, contoso)).toEqual({ runId, tenantKey: contoso, columns: [{ name: 'DeviceName', type: 'String' }], rows: [{ DeviceName: 'pc-1' }] });
    expect((await service.getHuntRun(runId)).run?.tenants[0]?.outcome).toEqual({ kind: 'done', rows: 1, truncated: false, ms: 1_500 });
    expect(writes.runs).toHaveLength(1);

    graph.call(fabrikam).reject(new TokenUnavailableError('consentRequired', 'AADSTS65001'));
    await until(() => writes.runs.length === 2);
    const ended = { ...(writes.runs[1] as HuntRun) };
    expect(ended.state).toBe('done');
    expect(ended.finishedAt).toBe(1_001_500);
    expect(ended.tenants.map((tenant) => tenant.outcome)).toEqual([
      { kind: 'done', rows: 1, truncated: false, ms: 1_500 },
      { kind: 'needsConsent', message: huntConsentMessage },
    ]);
    await until(async () => (await readHuntRun(runId))?.state === 'done');
    // Finished: answered from storage, as written.
    expect((await service.getHuntRun(runId)).run).toEqual(ended);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('writes the run record at most once every 250 ms while it runs, plus once at the end', async () => {
    const { service, graph } = await setUp();
    await service.startHunt({ ...start, tenantKeys: [contoso, fabrikam, 'fabrikam.example'] });
    await until(() => graph.calls.length === 3);
    graph.call(contoso).resolve(answerOf('a'));
    await until(async () => (await service.getHuntRun(runId)).run?.tenants[0]?.outcome.kind === 'done');
    graph.call(fabrikam).reject(new GraphRequestError({ status: 403, code: 'Forbidden', message: 'no role' }));
    await until(async () => (await service.getHuntRun(runId)).run?.tenants[1]?.outcome.kind === 'missingRole');
    expect(writes.runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(249);
    expect(writes.runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => writes.runs.length === 2);
    expect((writes.runs[1] as HuntRun).tenants.map((tenant) => tenant.outcome.kind)).toEqual(['done', 'missingRole', 'running']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(writes.runs).toHaveLength(2);
    graph.call('fabrikam.example').resolve(answerOf('b'));
    await until(() => writes.runs.length === 3);
    expect((writes.runs[2] as HuntRun).state).toBe('done');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(writes.runs).toHaveLength(3);
  });

  it('keeps the source incident only when its tenant is configured', async () => {
    const { service } = await setUp();
    await service.startHunt({ ...start, tenantKeys: [fabrikam], source: { tenantKey: contoso, incidentId: '1003' } });
    expect((writes.runs[0] as HuntRun).source).toEqual({ tenantKey: contoso, incidentId: '1003' });
    await service.startHunt({ ...start, tenantKeys: [fabrikam], source: { tenantKey: 'gone.example', incidentId: '1' } });
    expect((writes.runs[1] as HuntRun).source).toBeNull();
  });
});

describe('hunt service: cancel, rerun, interrupted runs', () => {
  it('cancels a running hunt: requests aborted, unfinished tenants cancelled, the run cancelled', async () => {
    const { service, graph } = await setUp();
    await service.startHunt({ ...start, tenantKeys: [contoso, fabrikam] });
    await until(() => graph.calls.length === 2);
    graph.call(contoso).resolve(answerOf('a'));
    await until(async () => (await service.getHuntRun(runId)).run?.tenants[0]?.outcome.kind === 'done');
    expect(service.cancelHunt(runId)).toEqual({ ok: true, cancelled: true });
    expect(graph.call(fabrikam).signal.aborted).toBe(true);
    await until(async () => (await readHuntRun(runId))?.state === 'cancelled');
    expect((await readHuntRun(runId))?.tenants.map((tenant) => tenant.outcome.kind)).toEqual(['done', 'cancelled']);
    expect(service.cancelHunt(runId)).toEqual({ ok: true, cancelled: false });
  });

  it('reruns some tenants of a finished run in place: their old rows gone, the others untouched', async () => {
    const { service, graph } = await setUp();
    await service.startHunt({ ...start, tenantKeys: [contoso, fabrikam] });
    await until(() => graph.calls.length === 2);
    graph.call(contoso).resolve(answerOf('a'));
    graph.call(fabrikam).resolve(answerOf('old'));
    await until(async () => (await readHuntRun(runId))?.state === 'done');

    clock += 60_000;
    graph.calls.length = 0;
    expect(await service.rerunHuntTenants(runId, [fabrikam])).toEqual({ ok: true, runId });
    expect(await readHuntTenantRows(runId, fabrikam)).toBeNull();
    await expect(service.rerunHuntTenants(runId, [fabrikam])).rejects.toThrow('This hunt is still running');
    expect((await service.getHuntRun(runId)).run).toMatchObject({ state: 'running', finishedAt: null, startedAt: 1_000_000 });
    await until(() => graph.calls.length === 1);
    expect(graph.calls.map((call) => call.tenant)).toEqual([fabrikam]);
    graph.call(fabrikam).resolve(answerOf('new'));
    await until(async () => (await readHuntRun(runId))?.state === 'done');
    expect((await readAllHuntRows(runId)).map((rows) => rows.rows)).toEqual([[{ DeviceName: 'a' }], [{ DeviceName: 'new' }]]);
    expect((await readHuntRun(runId))?.finishedAt).toBe(1_060_000);
  });

  it('refuses to rerun an unknown run, a tenant outside the run, or one no longer configured', async () => {
    const { service } = await setUp();
    await expect(service.rerunHuntTenants(runId, [contoso])).rejects.toThrow('Handoff no longer has this hunt');
    const run: HuntRun = {
      runId,
      query: 'q',
      timespan: 'P1D',
      startedAt: 1,
      finishedAt: 2,
      state: 'done',
      stoppedReason: null,
      source: null,
      tenants: [{ tenantKey: 'gone.example', tenantId: 'gone.example', displayName: 'Gone', outcome: { kind: 'cancelled' } }],
    };
    await writeHuntRun(run);
    await expect(service.rerunHuntTenants(runId, [contoso])).rejects.toThrow(`Not part of this hunt: ${contoso}. Nothing was run.`);
    await expect(service.rerunHuntTenants(runId, ['gone.example'])).rejects.toThrow('Handoff has no tenant gone.example');
    expect(await readHuntRun(runId)).toEqual(run);
  });

  it('start() marks runs a stopped worker left running as interrupted, before any new run is stored', async () => {
    const { service, graph } = await setUp();
    const left: HuntRun = {
      runId: '33333333-3333-4333-8333-333333333333',
      query: 'q',
      timespan: 'P1D',
      startedAt: 1,
      finishedAt: null,
      state: 'running',
      stoppedReason: null,
      source: null,
      tenants: [{ tenantKey: contoso, tenantId: contoso, displayName: 'Contoso', outcome: { kind: 'running', startedAt: 1 } }],
    };
    await writeHuntRun(left);
    let open: (value?: unknown) => void = () => undefined;
    writes.markGate = new Promise((resolve) => (open = resolve));
    writes.runs = [];
    const marked = service.start();
    const started = service.startHunt({ ...start, tenantKeys: [contoso] });
    for (let turn = 0; turn < 30; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    // The new run waits for the old ones to be marked: it is not stored yet.
    expect(writes.runs).toEqual([]);
    open();
    await started;
    expect(await marked).toBe(1);
    expect(await readHuntRun(left.runId)).toEqual({ ...left, state: 'interrupted', finishedAt: 1_000_000, tenants: [{ ...left.tenants[0], outcome: { kind: 'cancelled' } }] });
    expect((await readHuntRun(runId))?.state).toBe('running');
    await until(() => graph.calls.length === 1);
  });
});

describe('hunt service: removed tenants and sign-out', () => {
  it('a removed tenant leaves the run in flight: its request aborted, nothing of it written again', async () => {
    const { service, graph } = await setUp();
    await service.startHunt({ ...start, tenantKeys: [contoso, fabrikam], source: { tenantKey: fabrikam, incidentId: '9' } });
    await until(() => graph.calls.length === 2);
    service.forgetTenants([fabrikam]);
    expect(graph.call(fabrikam).signal.aborted).toBe(true);
    await writeHuntTenantRows({ runId, tenantKey: contoso, columns: [], rows: [] });
    graph.call(contoso).resolve(answerOf('a'));
    await until(async () => (await readHuntRun(runId))?.state === 'done');
    const ended = await readHuntRun(runId);
    expect(ended?.tenants.map((tenant) => tenant.tenantKey)).toEqual([contoso]);
    expect(ended?.source).toBeNull();
    expect(writes.runs.slice(1).every((run) => !JSON.stringify(run).includes(fabrikam))).toBe(true);
  });

  it('at sign-out every run in flight stops and nothing more is written', async () => {
    const { service, graph } = await setUp();
    await service.startHunt({ ...start, tenantKeys: [contoso] });
    await until(() => graph.calls.length === 1);
    service.forgetTenants('all');
    expect(graph.call(contoso).signal.aborted).toBe(true);
    for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(writes.runs).toHaveLength(1);
    expect(service.cancelHunt(runId)).toEqual({ ok: true, cancelled: false });
  });
});
