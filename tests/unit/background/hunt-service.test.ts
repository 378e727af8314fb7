import '@/tests/support/fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TokenBroker } from '@/utils/auth/token-broker';
import { anotherHuntRunning, createHuntService, huntPurgedWhileStarting, huntTenantIdUnknown } from '@/utils/background/hunt-service';
import { GraphRequestError } from '@/utils/domain/graph-request-error';
import { settingsSchema, type Settings, type TenantConfig } from '@/utils/domain/settings';
import { TokenUnavailableError } from '@/utils/domain/token-unavailable-error';
import type { HuntRun, HuntTenantState } from '@/utils/hunting/hunt-model';
import type { HuntPorts } from '@/utils/hunting/run-hunt';
import { huntConsentMessage } from '@/utils/hunting/hunt-outcome';
import { readHuntRun, readHuntTenantRows, writeHuntRun, writeHuntTenantRows } from '@/utils/storage/hunt-runs-storage';
import { writeSettings, writeSignedInAccount } from '@/utils/storage/settings-storage';

/**
 * The worker's hunt service with the real runner and storage (fake IndexedDB, WXT's fake browser for the
 * settings), a Graph answered by the test per tenant, and fake timers (the 250 ms batching of run writes).
 */

const writes = vi.hoisted(() => ({
  runs: [] as unknown[],
  markGate: Promise.resolve() as Promise<unknown>,
  /** Awaited by every run write before it is stored (a purge may come meanwhile). */
  writeGate: Promise.resolve() as Promise<unknown>,
  failRunWrites: false,
}));
vi.mock('@/utils/storage/hunt-runs-storage', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/utils/storage/hunt-runs-storage')>();
  return {
    ...actual,
    writeHuntRun: async (run: HuntRun) => {
      writes.runs.push(structuredClone(run));
      await writes.writeGate;
      if (writes.failRunWrites) throw new Error('QuotaExceededError');
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
const woodgrove = '5d6e7f80-1a2b-4c3d-8e4f-5a6b7c8d9e0f';
const runId = '11111111-1111-4111-8111-111111111111';
const account = { username: 'analyst@woodgrove.example', name: 'Analyst', homeTenantId: contoso, homeAccountId: `oid.${contoso}` };
const tenants = [
  { tenantId: contoso, resolvedTenantId: contoso, displayName: 'Contoso', service: 'xdr' },
  { tenantId: 'fabrikam.example', resolvedTenantId: null, displayName: 'Fabrikam', service: 'hunting' },
  { tenantId: fabrikam, resolvedTenantId: fabrikam, displayName: 'Northwind', service: 'xdr' },
  { tenantId: woodgrove, resolvedTenantId: woodgrove, displayName: 'Woodgrove', service: 'xdr' },
];
/** The runner, replaced by a test that needs it to fail (vi.mock); the real one otherwise. */
const runner = vi.hoisted(() => ({ fail: null as null | ((ports: HuntPorts, tenants: HuntTenantState[], signal: AbortSignal) => Promise<never>) }));
vi.mock('@/utils/hunting/run-hunt', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/utils/hunting/run-hunt')>();
  return {
    ...actual,
    runHunt: (input: { tenants: HuntTenantState[] }, ports: HuntPorts, signal: AbortSignal, options: object) =>
      runner.fail ? runner.fail(ports, input.tenants, signal) : actual.runHunt(input as never, ports, signal, options),
  };
});

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
  const keepAlive = { set: vi.fn<(busy: boolean) => void>() };
  const authorize = vi.fn<(clientId: string, tenant: TenantConfig) => Promise<unknown>>(async () => 'token');
  const service = createHuntService({
    broker: {} as TokenBroker,
    now: () => clock,
    randomId: () => (ids++ === 0 ? runId : `22222222-2222-4222-8222-22222222222${ids}`),
    graphFor: graph.graphFor,
    authorize,
    keepAlive,
  });
  return { service, graph, keepAlive, authorize };
}

const start = { type: 'startHunt', query: 'DeviceInfo | take 1', timespan: 'P7D', source: null } as const;

beforeEach(() => {
  fakeBrowser.reset();
  writes.runs = [];
  writes.markGate = Promise.resolve();
  writes.writeGate = Promise.resolve();
  writes.failRunWrites = false;
  runner.fail = null;
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
          { tenantKey: 'fabrikam.example', tenantId: 'fabrikam.example', displayName: 'Fabrikam', outcome: { kind: 'failed', message: huntTenantIdUnknown } },
          { tenantKey: contoso, tenantId: contoso, displayName: 'Contoso', outcome: pending },
        ],
      },
    ]);
    await until(() => graph.calls.length === 2);
    expect(graph.calls.map((call) => [call.tenant, call.body])).toEqual([
      [fabrikam, { Query: 'DeviceInfo | take 1', Timespan: 'P7D' }],
      [contoso, { Query: 'DeviceInfo | take 1', Timespan: 'P7D' }],
    ]);
    expect(graph.graphFor.mock.calls.map(([id, tenant]) => [id, tenant.displayName])).toEqual([
      [clientId, 'Northwind'],
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
    await service.startHunt({ ...start, tenantKeys: [contoso, fabrikam, woodgrove] });
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
    graph.call(woodgrove).resolve(answerOf('b'));
    await until(() => writes.runs.length === 3);
    expect((writes.runs[2] as HuntRun).state).toBe('done');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(writes.runs).toHaveLength(3);
  });

  it('keeps the source incident only when its tenant is configured', async () => {
    const { service } = await setUp();
    await service.startHunt({ ...start, tenantKeys: [fabrikam], source: { tenantKey: contoso, incidentId: '1003' } });
    expect((writes.runs[0] as HuntRun).source).toEqual({ tenantKey: contoso, incidentId: '1003' });
    service.cancelHunt(runId);
    await until(async () => (await readHuntRun(runId))?.state === 'cancelled');
    await until(() => service.cancelHunt(runId).cancelled === false);
    await service.startHunt({ ...start, tenantKeys: [fabrikam], source: { tenantKey: 'gone.example', incidentId: '1' } });
    expect((writes.runs.at(-1) as HuntRun).source).toBeNull();
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
    expect((await readHuntTenantRows(runId, contoso))?.rows).toEqual([{ DeviceName: 'a' }]);
    expect((await readHuntTenantRows(runId, fabrikam))?.rows).toEqual([{ DeviceName: 'new' }]);
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
    expect(await readHuntRun(left.runId)).toMatchObject({ state: 'interrupted', finishedAt: 1_000_000 });
    expect((await readHuntRun(left.runId))?.tenants[0]?.outcome.kind).not.toBe('running');
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

const leftRunning = (id: string): HuntRun => ({
  runId: id,
  query: 'q',
  timespan: 'P1D',
  startedAt: 1,
  finishedAt: null,
  state: 'running',
  stoppedReason: null,
  source: null,
  tenants: [
    { tenantKey: contoso, tenantId: contoso, displayName: 'Contoso', outcome: { kind: 'done', rows: 0, truncated: false, ms: 5 } },
    { tenantKey: fabrikam, tenantId: fabrikam, displayName: 'Northwind', outcome: { kind: 'running', startedAt: 1 } },
  ],
});

describe('hunt service: a run nobody runs is never left running', () => {
  it('when the last write fails, getHuntRun answers the run interrupted (tenants not run) and stores it so', async () => {
    const { service, graph } = await setUp();
    await service.startHunt({ ...start, tenantKeys: [contoso, fabrikam] });
    await until(() => graph.calls.length === 2);
    graph.call(contoso).resolve(answerOf('a'));
    await until(async () => (await service.getHuntRun(runId)).run?.tenants[0]?.outcome.kind === 'done');
    writes.failRunWrites = true;
    clock += 2_000;
    graph.call(fabrikam).resolve(answerOf('b'));
    // The end was not stored: the stored record still says running (every tenant pending).
    await until(() => (writes.runs.at(-1) as HuntRun).state === 'done');
    writes.failRunWrites = false;
    await until(async () => (await service.getHuntRun(runId)).run?.state !== 'running');
    const answered = (await service.getHuntRun(runId)).run;
    expect(answered).toMatchObject({ state: 'interrupted', finishedAt: 1_002_000 });
    expect(answered?.tenants.map((tenant) => tenant.outcome)).toEqual([{ kind: 'notRun' }, { kind: 'notRun' }]);
    expect(await readHuntRun(runId)).toEqual(answered);
  });

  it('answers a stored run left running as interrupted even when that cannot be stored', async () => {
    const { service } = await setUp();
    const left = leftRunning(runId);
    await writeHuntRun(left);
    writes.failRunWrites = true;
    const answered = (await service.getHuntRun(runId)).run;
    expect(answered).toMatchObject({ state: 'interrupted', finishedAt: 1_000_000 });
    expect(answered?.tenants.map((tenant) => tenant.outcome.kind)).toEqual(['done', 'notRun']);
    expect((await readHuntRun(runId))?.state).toBe('running');
  });

  it('getHuntRun waits for the start-up marking of interrupted runs', async () => {
    const { service } = await setUp();
    await writeHuntRun(leftRunning(runId));
    let open: (value?: unknown) => void = () => undefined;
    writes.markGate = new Promise((resolve) => (open = resolve));
    writes.runs = [];
    const marked = service.start();
    let answered: HuntRun | null | undefined;
    void service.getHuntRun(runId).then((answer) => (answered = answer.run));
    for (let turn = 0; turn < 30; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBeUndefined();
    open();
    await marked;
    await until(() => answered !== undefined);
    expect(answered?.state).toBe('interrupted');
    // Marked once, by start(): getHuntRun found it so.
    expect(writes.runs).toEqual([]);
  });
});

describe('hunt service: a purge during a run’s set-up', () => {
  it('sign-out while startHunt awaits: refused, nothing stored, Graph never asked', async () => {
    const { service, graph, authorize } = await setUp();
    let open: (value?: unknown) => void = () => undefined;
    writes.markGate = new Promise((resolve) => (open = resolve));
    void service.start();
    const started = service.startHunt({ ...start, tenantKeys: [contoso, fabrikam] });
    started.catch(() => undefined);
    service.forgetTenants('all');
    open();
    await expect(started).rejects.toThrow(huntPurgedWhileStarting);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(writes.runs).toEqual([]);
    expect(await readHuntRun(runId)).toBeNull();
    expect(graph.graphFor).not.toHaveBeenCalled();
    expect(authorize).not.toHaveBeenCalled();
  });

  it('a tenant of the run removed while its record is written: refused, the rest stored stopped, nothing of the tenant, no query', async () => {
    const { service, graph } = await setUp();
    let open: (value?: unknown) => void = () => undefined;
    writes.writeGate = new Promise((resolve) => (open = resolve));
    const started = service.startHunt({ ...start, tenantKeys: [contoso, fabrikam], source: { tenantKey: fabrikam, incidentId: '9' } });
    started.catch(() => undefined);
    await until(() => writes.runs.length === 1);
    service.forgetTenants([fabrikam]);
    open();
    await expect(started).rejects.toThrow(huntPurgedWhileStarting);
    const stored = await readHuntRun(runId);
    expect(stored).toMatchObject({ state: 'stopped', stoppedReason: huntPurgedWhileStarting, source: null });
    expect(stored?.tenants).toEqual([{ tenantKey: contoso, tenantId: contoso, displayName: 'Contoso', outcome: { kind: 'notRun' } }]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(graph.graphFor).not.toHaveBeenCalled();
    // Not active: another run may start.
    await expect(service.startHunt({ ...start, tenantKeys: [contoso] })).resolves.toMatchObject({ ok: true });
  });

  it('a purge of another tenant does not stop the set-up; a purge during a rerun’s set-up refuses it', async () => {
    const { service, graph } = await setUp();
    let open: (value?: unknown) => void = () => undefined;
    writes.markGate = new Promise((resolve) => (open = resolve));
    void service.start();
    const started = service.startHunt({ ...start, tenantKeys: [contoso] });
    service.forgetTenants([woodgrove]);
    open();
    await expect(started).resolves.toEqual({ ok: true, runId });
    await until(() => graph.calls.length === 1);
    graph.call(contoso).resolve(answerOf('a'));
    await until(async () => (await readHuntRun(runId))?.state === 'done');
    await until(() => service.cancelHunt(runId).cancelled === false);

    const before = await readHuntRun(runId);
    writes.markGate = new Promise((resolve) => (open = resolve));
    void service.start();
    const rerun = service.rerunHuntTenants(runId, [contoso]);
    rerun.catch(() => undefined);
    service.forgetTenants('all');
    open();
    await expect(rerun).rejects.toThrow(huntPurgedWhileStarting);
    expect(await readHuntRun(runId)).toEqual(before);
  });
});

describe('hunt service: one run at a time, and the worker kept alive while one runs', () => {
  it('refuses a second start, or a rerun of another run, while a run is active or being set up', async () => {
    const { service, graph } = await setUp();
    const first = service.startHunt({ ...start, tenantKeys: [contoso] });
    await expect(service.startHunt({ ...start, tenantKeys: [fabrikam] })).rejects.toThrow(anotherHuntRunning);
    await first;
    await expect(service.startHunt({ ...start, tenantKeys: [fabrikam] })).rejects.toThrow(anotherHuntRunning);
    await writeHuntRun({ ...leftRunning('33333333-3333-4333-8333-333333333333'), state: 'done', finishedAt: 2 });
    await expect(service.rerunHuntTenants('33333333-3333-4333-8333-333333333333', [contoso])).rejects.toThrow(anotherHuntRunning);
    expect(anotherHuntRunning).toBe('Another hunt is running: cancel it or wait for it to finish.');
    await until(() => graph.calls.length === 1);
    graph.call(contoso).resolve(answerOf('a'));
    await until(async () => (await readHuntRun(runId))?.state === 'done');
    await until(() => service.cancelHunt(runId).cancelled === false);
    await expect(service.startHunt({ ...start, tenantKeys: [fabrikam] })).resolves.toMatchObject({ ok: true });
  });

  it('keeps the worker alive from a run’s start to its end, whatever the page polls', async () => {
    const { service, graph, keepAlive } = await setUp();
    await service.startHunt({ ...start, tenantKeys: [contoso] });
    expect(keepAlive.set).toHaveBeenLastCalledWith(true);
    await until(() => graph.calls.length === 1);
    graph.call(contoso).resolve(answerOf('a'));
    await until(() => keepAlive.set.mock.calls.at(-1)?.[0] === false);
    expect((await readHuntRun(runId))?.state).toBe('done');
  });

  it('lets the worker go when sign-out ends the run', async () => {
    const { service, keepAlive } = await setUp();
    await service.startHunt({ ...start, tenantKeys: [contoso] });
    service.forgetTenants('all');
    expect(keepAlive.set).toHaveBeenLastCalledWith(false);
  });
});

describe('hunt service: tenants, tokens and a failing runner', () => {
  it('never asks a tenant Handoff knows only by its domain: it failed, saying why', async () => {
    const { service, graph, authorize } = await setUp();
    await service.startHunt({ ...start, tenantKeys: ['fabrikam.example', contoso] });
    await until(() => graph.calls.length === 1);
    graph.call(contoso).resolve(answerOf('a'));
    await until(async () => (await readHuntRun(runId))?.state === 'done');
    expect((await readHuntRun(runId))?.tenants[0]?.outcome).toEqual({ kind: 'failed', message: huntTenantIdUnknown });
    expect(huntTenantIdUnknown).toBe('Handoff does not know this tenant’s ID yet: it is learnt at its first sync. Try again after it synced.');
    expect(graph.graphFor.mock.calls.map(([, tenant]) => tenant.tenantId)).toEqual([contoso]);
    expect(authorize.mock.calls.map(([, tenant]) => tenant.tenantId)).toEqual([contoso]);
  });

  it('asks the tenant’s token before the request timer: a slow token flow is no timeout', async () => {
    const { service, graph, authorize } = await setUp();
    let grant: (value: unknown) => void = () => undefined;
    authorize.mockImplementationOnce(() => new Promise((resolve) => (grant = resolve)));
    await service.startHunt({ ...start, tenantKeys: [contoso] });
    await until(() => authorize.mock.calls.length === 1);
    expect(authorize).toHaveBeenCalledWith(clientId, expect.objectContaining({ tenantId: contoso }));
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(graph.calls).toHaveLength(0);
    grant('token');
    await until(() => graph.calls.length === 1);
    await vi.advanceTimersByTimeAsync(60_000);
    graph.call(contoso).resolve(answerOf('a'));
    await until(async () => (await readHuntRun(runId))?.state === 'done');
    expect((await readHuntRun(runId))?.tenants[0]?.outcome.kind).toBe('done');
  });

  it('when the runner fails, aborts the run’s requests and stores the reason once, unprefixed', async () => {
    const { service, graph } = await setUp();
    runner.fail = async (ports, tenants, signal) => {
      void ports.runQuery(tenants[1]!, { Query: 'q', Timespan: 'P7D' }, signal).catch(() => undefined);
      throw new Error('The clock broke.');
    };
    await service.startHunt({ ...start, tenantKeys: [contoso, fabrikam] });
    await until(async () => (await readHuntRun(runId))?.state === 'stopped');
    expect(graph.call(fabrikam).signal.aborted).toBe(true);
    expect((await readHuntRun(runId))?.stoppedReason).toBe('The clock broke.');
  });
});
