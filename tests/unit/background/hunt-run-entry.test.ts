import '@/tests/support/fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createHuntRunEntries, endedRun, newActiveRun, type HuntRunEntryDeps } from '@/utils/background/hunt-run-entry';
import type { TenantConfig } from '@/utils/domain/settings';
import type { HuntRun, HuntTenantState } from '@/utils/hunting/hunt-model';
import { createHuntCallLedger, type HuntPorts } from '@/utils/hunting/run-hunt';
import { readHuntRun } from '@/utils/storage/hunt-runs-storage';

/**
 * One run from launch to its last write, with the runner replaced by the test (vi.mock): what the entry
 * does with the ports it hands the runner and with the runner's end (or its failure).
 */

const runner = vi.hoisted(() => ({ run: null as null | ((tenants: HuntTenantState[], ports: HuntPorts, signal: AbortSignal) => Promise<unknown>) }));
vi.mock('@/utils/hunting/run-hunt', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/utils/hunting/run-hunt')>();
  return {
    ...actual,
    runHunt: (input: { tenants: HuntTenantState[] }, ports: HuntPorts, signal: AbortSignal, options: object) =>
      runner.run ? runner.run(input.tenants, ports, signal) : actual.runHunt(input as never, ports, signal, options),
  };
});

const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const config = (tenantId: string, displayName: string): TenantConfig =>
  ({ tenantId, resolvedTenantId: tenantId, displayName, service: 'xdr' }) as TenantConfig;
const configs = new Map([
  [contoso, config(contoso, 'Contoso')],
  [fabrikam, config(fabrikam, 'Fabrikam')],
]);
const pending = (tenantKey: string): HuntTenantState => ({ tenantKey, tenantId: tenantKey, displayName: tenantKey, outcome: { kind: 'pending' } });
const run: HuntRun = {
  runId: '11111111-1111-4111-8111-111111111111',
  query: 'DeviceInfo',
  timespan: 'P1D',
  startedAt: 1,
  finishedAt: null,
  state: 'running',
  stoppedReason: null,
  source: null,
  tenants: [pending(contoso), pending(fabrikam)],
};

function setUp(overrides: Partial<HuntRunEntryDeps> = {}) {
  const signals: Record<string, AbortSignal> = {};
  const deps: HuntRunEntryDeps = {
    now: () => 5_000,
    sleep: () => new Promise(() => undefined),
    authorize: vi.fn(async () => 'token'),
    graphFor: vi.fn((_clientId: string, tenant: TenantConfig) => ({
      runHuntingQuery: (_body: unknown, options?: { signal?: AbortSignal }) =>
        new Promise<never>((_resolve, reject) => {
          signals[tenant.tenantId] = options!.signal!;
          options!.signal!.addEventListener('abort', () => reject(options!.signal!.reason));
        }),
    })),
    ledger: createHuntCallLedger(),
    writeIntervalMs: 250,
    ...overrides,
  };
  return { deps, entries: createHuntRunEntries(deps), signals };
}

const turns = async (count = 20) => {
  for (let turn = 0; turn < count; turn += 1) await new Promise((resolve) => setImmediate(resolve));
};

beforeEach(() => {
  runner.run = null;
});

describe('a run entry: the runner fails', () => {
  it('aborts the run’s other requests, stores the run stopped with the reason alone, and takes no late report', async () => {
    const { entries, signals } = setUp();
    const entry = newActiveRun(run, 'client', configs);
    let late: Promise<unknown> = Promise.resolve();
    runner.run = async (tenants, ports, signal) => {
      // Fabrikam's query goes on in a worker of its own while another worker fails.
      late = ports.runQuery(tenants[1]!, { Query: 'q', Timespan: 'P1D' }, signal).catch(() => ports.onTenant({ ...tenants[1]!, outcome: { kind: 'cancelled' } }, null));
      await turns(2);
      throw new Error('The clock broke.');
    };
    await entries.execute(entry, run.tenants);
    expect(signals[fabrikam]?.aborted).toBe(true);
    await late;
    expect(entry.run).toMatchObject({ state: 'stopped', stoppedReason: 'The clock broke.', finishedAt: 5_000 });
    expect(await readHuntRun(run.runId)).toEqual(entry.run);
    // Never asked: retryable.
    expect(entry.run.tenants.map((tenant) => tenant.outcome)).toEqual([{ kind: 'notRun' }, { kind: 'notRun' }]);
  });
});

describe('a run entry: the tenant’s token before its query', () => {
  it('asks the token through authorize, for the tenant’s configuration, and gives up on it when the run is cancelled', async () => {
    let grant: (value: unknown) => void = () => undefined;
    const authorize = vi.fn(() => new Promise((resolve) => (grant = resolve)));
    const { entries } = setUp({ authorize });
    const entry = newActiveRun(run, 'client', configs);
    let authorized: Promise<unknown> = Promise.resolve();
    runner.run = async (tenants, ports, signal) => {
      authorized = ports.authorize!(tenants[0]!, signal);
      authorized.catch(() => undefined);
      await turns(2);
      expect(authorize).toHaveBeenCalledWith('client', configs.get(contoso));
      entry.controller.abort(new Error('The analyst stopped the hunt.'));
      await expect(authorized).rejects.toThrow('The analyst stopped the hunt.');
      grant('late token');
      // A removed tenant is refused before its token is asked.
      entry.run = { ...entry.run, tenants: entry.run.tenants.slice(0, 1) };
      await expect(ports.authorize!(tenants[1]!, new AbortController().signal)).rejects.toThrow('The tenant was removed from Handoff.');
      expect(authorize).toHaveBeenCalledTimes(1);
      return { state: 'cancelled', stoppedReason: null, tenants };
    };
    await entries.execute(entry, run.tenants);
    expect(entry.run.state).toBe('cancelled');
    expect(entry.run.tenants.map((tenant) => tenant.outcome)).toEqual([{ kind: 'cancelled' }]);
  });
});

describe('endedRun', () => {
  it('leaves answered tenants as they are; the unfinished were not run, or cancelled with a cancelled run', () => {
    const tenants: HuntTenantState[] = [
      { ...pending('a'), outcome: { kind: 'done', rows: 1, truncated: false, ms: 2 } },
      { ...pending('b'), outcome: { kind: 'running', startedAt: 1 } },
      { ...pending('c'), outcome: { kind: 'waiting', until: 9, limit: 'calls' } },
      pending('d'),
    ];
    const ended = endedRun({ ...run, tenants }, 'interrupted', null, 7);
    expect(ended).toMatchObject({ state: 'interrupted', finishedAt: 7, stoppedReason: null });
    expect(ended.tenants.map((tenant) => tenant.outcome.kind)).toEqual(['done', 'notRun', 'notRun', 'notRun']);
    expect(endedRun({ ...run, tenants }, 'cancelled', null, 7).tenants.map((tenant) => tenant.outcome.kind)).toEqual(['done', 'cancelled', 'cancelled', 'cancelled']);
  });
});
