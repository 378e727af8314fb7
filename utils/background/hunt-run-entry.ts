import { errorMessage } from '../portal/error-message';
import type { TenantConfig } from '../domain/settings';
import type { GraphClient } from '../graph/graph-client';
import { unfinishedHuntOutcomes, type HuntRun, type HuntTenantOutcome, type HuntTenantRows, type HuntTenantState } from '../hunting/hunt-model';
import { runHunt, type HuntCallLedger, type HuntOptions, type HuntPorts } from '../hunting/run-hunt';
import { writeHuntRun, writeHuntTenantRows } from '../storage/hunt-runs-storage';

/**
 * One hunt run in the worker (issue 16), from launch to its last write: the runner's ports (the tenant's
 * token first, then its query), the run record written at most every `writeIntervalMs` (250 ms) while it
 * runs plus once at the end, and a tenant's rows written as soon as it answers, before its outcome says
 * `done`. hunt-service.ts sets runs up, keeps the active ones and drops removed tenants from them.
 */

export interface ActiveRun {
  run: HuntRun;
  clientId: string;
  configs: Map<string, TenantConfig>;
  controller: AbortController;
  /** Per tenant, the request in flight: a removed tenant's is aborted. */
  inFlight: Map<string, AbortController>;
  /** Signed out, or every tenant removed: nothing more is written. */
  purged: boolean;
  /** The end is set: a worker of the runner still going changes nothing more. */
  ended: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  writes: Promise<void>;
}

export interface HuntRunEntryDeps {
  now: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The tenant's hunting token (the broker), before the runner's request timer starts. */
  authorize: (clientId: string, tenant: TenantConfig) => Promise<unknown>;
  /** The Graph client of one tenant. */
  graphFor: (clientId: string, tenant: TenantConfig) => Pick<GraphClient, 'runHuntingQuery'>;
  ledger: HuntCallLedger;
  runOptions?: Omit<HuntOptions, 'ledger'>;
  writeIntervalMs: number;
}

export const copyOfRun = (run: HuntRun): HuntRun => ({ ...run, tenants: run.tenants.map((tenant) => ({ ...tenant })) });

/**
 * The run as it ends: tenants still unfinished were never answered, `notRun` (retryable), or `cancelled`
 * when the analyst cancelled the run.
 */
export function endedRun(run: HuntRun, state: Exclude<HuntRun['state'], 'running'>, stoppedReason: string | null, finishedAt: number): HuntRun {
  const left: HuntTenantOutcome = state === 'cancelled' ? { kind: 'cancelled' } : { kind: 'notRun' };
  const tenants = run.tenants.map((tenant) => (unfinishedHuntOutcomes.has(tenant.outcome.kind) ? { ...tenant, outcome: left } : { ...tenant }));
  return { ...run, state, stoppedReason, finishedAt, tenants };
}

export function newActiveRun(run: HuntRun, clientId: string, configs: Map<string, TenantConfig>): ActiveRun {
  return { run: copyOfRun(run), clientId, configs, controller: new AbortController(), inFlight: new Map(), purged: false, ended: false, timer: null, writes: Promise.resolve() };
}

/** A promise that rejects with the signal's reason once it aborts (the work itself may go on unheard). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const removedTenant = () => new Error('The tenant was removed from Handoff.');

export function createHuntRunEntries(deps: HuntRunEntryDeps) {
  /** Queues a write of the run as it is when the write starts (after the writes before it). */
  function persist(entry: ActiveRun): Promise<void> {
    entry.writes = entry.writes
      .then(() => (entry.purged ? undefined : writeHuntRun(copyOfRun(entry.run))))
      .catch((error: unknown) => console.warn('[Handoff] writing a hunt run failed', error));
    return entry.writes;
  }

  function scheduleWrite(entry: ActiveRun): void {
    if (entry.timer !== null || entry.purged) return;
    entry.timer = setTimeout(() => {
      entry.timer = null;
      void persist(entry);
    }, deps.writeIntervalMs);
  }

  const listed = (entry: ActiveRun, key: string) => entry.run.tenants.some((tenant) => tenant.tenantKey === key);
  const configOf = (entry: ActiveRun, key: string) => {
    const config = entry.configs.get(key);
    if (!config || !listed(entry, key)) throw removedTenant();
    return config;
  };

  function setOutcome(entry: ActiveRun, key: string, outcome: HuntTenantOutcome): void {
    entry.run = { ...entry.run, tenants: entry.run.tenants.map((tenant) => (tenant.tenantKey === key ? { ...tenant, outcome } : tenant)) };
  }

  function portsFor(entry: ActiveRun): HuntPorts {
    const ports: HuntPorts = {
      now: deps.now,
      sleep: deps.sleep,
      // Before the request timer: a token flow queued behind other tenants' never counts against the query's 3 minutes.
      async authorize(tenant, signal) {
        await untilAborted(deps.authorize(entry.clientId, configOf(entry, tenant.tenantKey)), signal);
        configOf(entry, tenant.tenantKey);
      },
      async runQuery(tenant, body, signal) {
        const config = configOf(entry, tenant.tenantKey);
        const request = new AbortController();
        const onAbort = () => request.abort(signal.reason);
        if (signal.aborted) onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        entry.inFlight.set(tenant.tenantKey, request);
        try {
          return await deps.graphFor(entry.clientId, config).runHuntingQuery(body, { signal: request.signal });
        } finally {
          entry.inFlight.delete(tenant.tenantKey);
          signal.removeEventListener('abort', onAbort);
        }
      },
      async onTenant(state: HuntTenantState, rows: HuntTenantRows | null) {
        const gone = () => entry.purged || entry.ended || !listed(entry, state.tenantKey);
        if (gone()) return;
        let outcome = state.outcome;
        // The rows first: once the page reads `done`, they are there.
        if (rows !== null) {
          const stored = await writeHuntTenantRows(rows).catch((error: unknown) => error);
          if (stored instanceof Error) outcome = { kind: 'failed', message: `The rows could not be stored: ${stored.message}` };
        }
        if (gone()) return;
        setOutcome(entry, state.tenantKey, outcome);
        scheduleWrite(entry);
      },
    };
    return ports;
  }

  /** Runs `tenants` of the entry's run (not awaited by any message), then writes the finished run once. */
  async function execute(entry: ActiveRun, tenants: HuntTenantState[]): Promise<void> {
    const { runId, query, timespan } = entry.run;
    let state: HuntRun['state'];
    let stoppedReason: string | null;
    try {
      ({ state, stoppedReason } = await runHunt({ runId, query, timespan, tenants }, portsFor(entry), entry.controller.signal, {
        ...deps.runOptions,
        ledger: deps.ledger,
      }));
    } catch (error) {
      // The runner's other workers would go on: they stop here. The page says "Handoff stopped this run: ".
      stoppedReason = errorMessage(error);
      entry.controller.abort(new Error(stoppedReason));
      state = 'stopped';
    }
    entry.ended = true;
    if (entry.timer !== null) clearTimeout(entry.timer);
    entry.timer = null;
    entry.run = endedRun(entry.run, state === 'running' ? 'stopped' : state, stoppedReason, deps.now());
    await persist(entry);
  }

  return { execute, persist };
}
