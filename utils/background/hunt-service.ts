import type { TokenBroker } from '../auth/token-broker';
import { tenantKey, type TenantConfig } from '../domain/settings';
import type { GraphClient } from '../graph/graph-client';
import { sleep as sleepFor } from '../graph/retry-backoff';
import type { HuntRun, HuntTenantOutcome, HuntTenantRows, HuntTenantState } from '../hunting/hunt-model';
import { createHuntCallLedger, runHunt, type HuntOptions, type HuntPorts } from '../hunting/run-hunt';
import type { BackgroundRequest } from '../messages/background-requests';
import { normalizeTenantId } from '../portal/portal-url';
import { deleteHuntTenantRows, markInterruptedHuntRuns, readHuntRun, writeHuntRun, writeHuntTenantRows } from '../storage/hunt-runs-storage';
import { readSettings, readSignedInAccount } from '../storage/settings-storage';
import { huntingGraphClientFor } from './graph-clients';

/**
 * The worker's hunts (issue 16): a run starts on the Hunt page's click, goes on in the background (the
 * message answers with its id at once) and is read by the page every second (getHuntRun) while it runs.
 *
 * Keeping the worker alive: Chromium stops an idle MV3 service worker after 30 s, and fetches (a query may
 * take minutes) do not count as activity; Firefox's event page is the same. The Hunt page's poll, one
 * extension message a second, is what keeps the worker alive while a run is going. A worker stopped anyway
 * (the page closed mid-run) leaves the run 'running' in storage: at its next start `start()` marks it
 * interrupted (markInterruptedHuntRuns).
 *
 * The run record is written at most every `writeIntervalMs` (250 ms) while it runs, plus once at the end;
 * a tenant's rows are written as soon as it answers, before its outcome says `done`. One call ledger for
 * the worker's life keeps every run within Graph's per-tenant call rate.
 */

type StartRequest = Extract<BackgroundRequest, { type: 'startHunt' }>;

export interface HuntServiceDeps {
  broker: TokenBroker;
  now?: () => number;
  randomId?: () => string;
  /** The Graph client of one tenant (default: huntingGraphClientFor: ThreatHunting.Read.All, no 429 retry). */
  graphFor?: (clientId: string, tenant: TenantConfig) => Pick<GraphClient, 'runHuntingQuery'>;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  runOptions?: Omit<HuntOptions, 'ledger'>;
  writeIntervalMs?: number;
}

interface ActiveRun {
  run: HuntRun;
  clientId: string;
  configs: Map<string, TenantConfig>;
  controller: AbortController;
  /** Per tenant, the request in flight: a removed tenant's is aborted. */
  inFlight: Map<string, AbortController>;
  /** Signed out, or every tenant removed: nothing more is written. */
  purged: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  writes: Promise<void>;
}

const unfinished: ReadonlySet<HuntTenantOutcome['kind']> = new Set(['pending', 'running', 'waiting']);
const tenantGuid = (tenant: TenantConfig) => normalizeTenantId(tenant.resolvedTenantId) ?? normalizeTenantId(tenant.tenantId);
const copyOf = (run: HuntRun): HuntRun => ({ ...run, tenants: run.tenants.map((tenant) => ({ ...tenant })) });

export function createHuntService(deps: HuntServiceDeps) {
  const now = deps.now ?? (() => Date.now());
  const randomId = deps.randomId ?? (() => crypto.randomUUID());
  const graphFor = deps.graphFor ?? ((clientId, tenant) => huntingGraphClientFor(deps.broker, clientId, tenant.tenantId, tenantGuid(tenant)));
  const sleep = deps.sleep ?? sleepFor;
  const writeIntervalMs = deps.writeIntervalMs ?? 250;
  const ledger = createHuntCallLedger();
  const active = new Map<string, ActiveRun>();
  /** Runs being set up (rerun): a second request for the same run is refused meanwhile. */
  const starting = new Set<string>();
  let ready: Promise<unknown> = Promise.resolve();

  /** The configured tenants of these keys, in the order asked (each once); an unknown key is refused. */
  async function resolveTenants(
    tenantKeys: readonly string[],
  ): Promise<{ clientId: string; configs: Map<string, TenantConfig>; configured: ReadonlySet<string> }> {
    const [settings, account] = await Promise.all([readSettings(), readSignedInAccount()]);
    if (!settings.clientId) throw new Error('Enter the application (client) ID in Handoff’s options first.');
    if (!account) throw new Error('Sign in to Handoff first.');
    const byKey = new Map(settings.tenants.map((tenant) => [tenantKey(tenant), tenant]));
    const unknown = [...new Set(tenantKeys)].filter((key) => !byKey.has(key));
    if (unknown.length > 0) {
      throw new Error(`Handoff has no tenant ${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ` or ${unknown.length - 3} more` : ''} in its settings: nothing was run.`);
    }
    const configs = new Map([...new Set(tenantKeys)].map((key) => [key, byKey.get(key)!]));
    return { clientId: settings.clientId, configs, configured: new Set(byKey.keys()) };
  }

  const pendingState = (key: string, tenant: TenantConfig): HuntTenantState => ({
    tenantKey: key,
    tenantId: tenantGuid(tenant) ?? tenant.tenantId,
    displayName: tenant.displayName,
    outcome: { kind: 'pending' },
  });

  /** Queues a write of the run as it is when the write starts (after the writes before it). */
  function persist(entry: ActiveRun): Promise<void> {
    entry.writes = entry.writes
      .then(() => (entry.purged ? undefined : writeHuntRun(copyOf(entry.run))))
      .catch((error: unknown) => console.warn('[Handoff] writing a hunt run failed', error));
    return entry.writes;
  }

  function scheduleWrite(entry: ActiveRun): void {
    if (entry.timer !== null || entry.purged) return;
    entry.timer = setTimeout(() => {
      entry.timer = null;
      void persist(entry);
    }, writeIntervalMs);
  }

  const listed = (entry: ActiveRun, key: string) => entry.run.tenants.some((tenant) => tenant.tenantKey === key);

  function setOutcome(entry: ActiveRun, key: string, outcome: HuntTenantOutcome): void {
    entry.run = { ...entry.run, tenants: entry.run.tenants.map((tenant) => (tenant.tenantKey === key ? { ...tenant, outcome } : tenant)) };
  }

  function portsFor(entry: ActiveRun): HuntPorts {
    return {
      now,
      sleep,
      async runQuery(tenant, body, signal) {
        const config = entry.configs.get(tenant.tenantKey);
        if (!config || !listed(entry, tenant.tenantKey)) throw new Error('The tenant was removed from Handoff.');
        const request = new AbortController();
        const onAbort = () => request.abort(signal.reason);
        if (signal.aborted) onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        entry.inFlight.set(tenant.tenantKey, request);
        try {
          return await graphFor(entry.clientId, config).runHuntingQuery(body, { signal: request.signal });
        } finally {
          entry.inFlight.delete(tenant.tenantKey);
          signal.removeEventListener('abort', onAbort);
        }
      },
      async onTenant(state: HuntTenantState, rows: HuntTenantRows | null) {
        if (entry.purged || !listed(entry, state.tenantKey)) return;
        let outcome = state.outcome;
        // The rows first: once the page reads `done`, they are there.
        if (rows !== null) {
          const stored = await writeHuntTenantRows(rows).catch((error: unknown) => error);
          if (stored instanceof Error) outcome = { kind: 'failed', message: `The rows could not be stored: ${stored.message}` };
        }
        if (entry.purged || !listed(entry, state.tenantKey)) return;
        setOutcome(entry, state.tenantKey, outcome);
        scheduleWrite(entry);
      },
    };
  }

  /** Runs `tenants` of the entry's run (not awaited by any message), then writes the finished run once. */
  async function execute(entry: ActiveRun, tenants: HuntTenantState[]): Promise<void> {
    const { runId, query, timespan } = entry.run;
    let state: HuntRun['state'];
    let stoppedReason: string | null;
    try {
      ({ state, stoppedReason } = await runHunt({ runId, query, timespan, tenants }, portsFor(entry), entry.controller.signal, {
        ...deps.runOptions,
        ledger,
      }));
    } catch (error) {
      state = 'stopped';
      stoppedReason = `Handoff stopped the run: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (entry.timer !== null) clearTimeout(entry.timer);
    entry.timer = null;
    const finished = entry.run.tenants.map((tenant) => (unfinished.has(tenant.outcome.kind) ? { ...tenant, outcome: { kind: 'cancelled' as const } } : tenant));
    entry.run = { ...entry.run, state, stoppedReason, finishedAt: now(), tenants: finished };
    await persist(entry);
    if (active.get(runId) === entry) active.delete(runId);
  }

  function launch(run: HuntRun, clientId: string, configs: Map<string, TenantConfig>, tenants: HuntTenantState[]): void {
    const entry: ActiveRun = { run, clientId, configs, controller: new AbortController(), inFlight: new Map(), purged: false, timer: null, writes: Promise.resolve() };
    active.set(run.runId, entry);
    void execute(entry, tenants).catch((error: unknown) => console.warn('[Handoff] a hunt failed', error));
  }

  return {
    /** At the worker's start: runs a stopped worker left 'running' become 'interrupted'. Hunts wait for it. */
    start(): Promise<number> {
      const marked = markInterruptedHuntRuns(now());
      ready = marked.catch(() => undefined);
      return marked;
    },

    async startHunt(request: StartRequest): Promise<{ ok: true; runId: string }> {
      await ready;
      const { clientId, configs, configured } = await resolveTenants(request.tenantKeys);
      const tenants = [...configs].map(([key, tenant]) => pendingState(key, tenant));
      // The incident a Defender Experts query came from: kept only while its tenant is configured.
      const source = request.source !== null && configured.has(request.source.tenantKey) ? request.source : null;
      const run: HuntRun = { runId: randomId(), query: request.query, timespan: request.timespan, startedAt: now(), finishedAt: null, state: 'running', stoppedReason: null, source, tenants };
      await writeHuntRun(run);
      launch(copyOf(run), clientId, configs, tenants);
      return { ok: true, runId: run.runId };
    },

    cancelHunt(runId: string): { ok: true; cancelled: boolean } {
      const entry = active.get(runId);
      if (!entry) return { ok: true, cancelled: false };
      entry.controller.abort(new Error('The analyst stopped the hunt.'));
      return { ok: true, cancelled: true };
    },

    /** While it runs, from memory (the page polls every second); otherwise as stored. */
    async getHuntRun(runId: string): Promise<{ ok: true; run: HuntRun | null }> {
      const entry = active.get(runId);
      return { ok: true, run: entry ? copyOf(entry.run) : await readHuntRun(runId) };
    },

    /** Runs the query again, in place, in these tenants of a finished run (consent granted, quota reset). */
    async rerunHuntTenants(runId: string, tenantKeys: readonly string[]): Promise<{ ok: true; runId: string }> {
      if (active.has(runId) || starting.has(runId)) throw new Error('This hunt is still running: stop it or wait for it to finish first.');
      starting.add(runId);
      try {
        await ready;
        const stored = await readHuntRun(runId);
        if (!stored) throw new Error('Handoff no longer has this hunt (only the last 10 are kept).');
        const keys = [...new Set(tenantKeys)];
        const outside = keys.filter((key) => !stored.tenants.some((tenant) => tenant.tenantKey === key));
        if (outside.length > 0) throw new Error(`Not part of this hunt: ${outside.slice(0, 3).join(', ')}. Nothing was run.`);
        const { clientId, configs } = await resolveTenants(keys);
        const again = new Map([...configs].map(([key, tenant]) => [key, pendingState(key, tenant)]));
        const run: HuntRun = { ...stored, state: 'running', finishedAt: null, stoppedReason: null, tenants: stored.tenants.map((tenant) => again.get(tenant.tenantKey) ?? tenant) };
        await deleteHuntTenantRows(runId, keys);
        await writeHuntRun(run);
        launch(copyOf(run), clientId, configs, [...again.values()]);
        return { ok: true, runId };
      } finally {
        starting.delete(runId);
      }
    },

    /**
     * Tenants removed from the settings (or everything, at sign-out) leave the runs in flight before their
     * stored data is deleted (sign-out-purge.ts): nothing of theirs is written again, their requests stop.
     */
    forgetTenants(tenantKeys: readonly string[] | 'all'): void {
      for (const [runId, entry] of active) {
        const removed = tenantKeys === 'all' ? null : new Set(tenantKeys);
        const tenants = removed === null ? [] : entry.run.tenants.filter((tenant) => !removed.has(tenant.tenantKey));
        const source = entry.run.source !== null && (removed === null || removed.has(entry.run.source.tenantKey)) ? null : entry.run.source;
        entry.run = { ...entry.run, tenants, source };
        for (const [key, request] of entry.inFlight) if (removed === null || removed.has(key)) request.abort(new Error('The tenant was removed from Handoff.'));
        if (tenants.length > 0) continue;
        entry.purged = true;
        if (entry.timer !== null) clearTimeout(entry.timer);
        entry.timer = null;
        entry.controller.abort(new Error('Nothing is left to hunt in.'));
        active.delete(runId);
      }
    },
  };
}

export type HuntService = ReturnType<typeof createHuntService>;
