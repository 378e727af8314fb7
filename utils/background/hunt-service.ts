import type { TokenBroker } from '../auth/token-broker';
import { tenantKey, type TenantConfig } from '../domain/settings';
import type { GraphClient } from '../graph/graph-client';
import { sleep as sleepFor } from '../graph/retry-backoff';
import type { HuntRun, HuntTenantState } from '../hunting/hunt-model';
import { createHuntCallLedger, type HuntOptions } from '../hunting/run-hunt';
import type { BackgroundRequest } from '../messages/background-requests';
import { normalizeTenantId } from '../portal/portal-url';
import { deleteHuntTenantRows, markInterruptedHuntRuns, readHuntRun, writeHuntRun } from '../storage/hunt-runs-storage';
import { readSettings, readSignedInAccount } from '../storage/settings-storage';
import { huntingAccessToken, huntingGraphClientFor } from './graph-clients';
import { createHuntKeepAlive, type HuntKeepAlive } from './hunt-keepalive';
import { copyOfRun, createHuntRunEntries, endedRun, newActiveRun, type ActiveRun } from './hunt-run-entry';
import { createPurgeLog } from './purge-log';

/**
 * The worker's hunts (issue 16): a run starts on the Hunt page's click, goes on in the background (the
 * message answers with its id at once; hunt-run-entry.ts runs it) and is read by the page every second
 * (getHuntRun) while it runs. One run at a time: two would spend every tenant's CPU quota twice.
 *
 * While a run is active the worker keeps itself alive (hunt-keepalive.ts), whatever the page shows. A
 * worker stopped anyway leaves the run 'running' in storage: `start()` marks it interrupted at the next
 * start, and getHuntRun answers (and stores) a 'running' run nobody runs as interrupted.
 *
 * A purge (a removed tenant, sign-out) may come during a run's set-up, before the run is active: the
 * set-up asks the purge log after every await and, if one of its tenants went, refuses and writes nothing.
 */

type StartRequest = Extract<BackgroundRequest, { type: 'startHunt' }>;

export interface HuntServiceDeps {
  broker: TokenBroker;
  now?: () => number;
  randomId?: () => string;
  /** The tenant's hunting token, asked before the runner's request timer starts (default: huntingAccessToken). */
  authorize?: (clientId: string, tenant: TenantConfig) => Promise<unknown>;
  /** The Graph client of one tenant (default: huntingGraphClientFor: ThreatHunting.Read.All, no 429 retry). */
  graphFor?: (clientId: string, tenant: TenantConfig) => Pick<GraphClient, 'runHuntingQuery'>;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  runOptions?: Omit<HuntOptions, 'ledger'>;
  writeIntervalMs?: number;
  /** Keeps the worker alive while a run is active (default: runtime.getPlatformInfo every 20 s). */
  keepAlive?: HuntKeepAlive;
}

export const anotherHuntRunning = 'Another hunt is running: cancel it or wait for it to finish.';
export const huntPurgedWhileStarting = 'A tenant of this hunt was removed from Handoff, or you signed out, while it was starting: nothing was run.';
export const huntTenantIdUnknown = 'Handoff does not know this tenant’s ID yet: it is learnt at its first sync. Try again after it synced.';

const tenantGuid = (tenant: TenantConfig) => normalizeTenantId(tenant.resolvedTenantId) ?? normalizeTenantId(tenant.tenantId);
/** The GUID every hunting token is checked against; a tenant known only by its domain is never hunted in. */
function knownGuid(tenant: TenantConfig): string {
  const guid = tenantGuid(tenant);
  if (guid === null) throw new Error(huntTenantIdUnknown);
  return guid;
}

export function createHuntService(deps: HuntServiceDeps) {
  const now = deps.now ?? (() => Date.now());
  const randomId = deps.randomId ?? (() => crypto.randomUUID());
  const keepAlive = deps.keepAlive ?? createHuntKeepAlive();
  const entries = createHuntRunEntries({
    now,
    sleep: deps.sleep ?? sleepFor,
    authorize: deps.authorize ?? ((clientId, tenant) => huntingAccessToken(deps.broker, clientId, tenant.tenantId, knownGuid(tenant))),
    graphFor: deps.graphFor ?? ((clientId, tenant) => huntingGraphClientFor(deps.broker, clientId, tenant.tenantId, knownGuid(tenant))),
    ledger: createHuntCallLedger(),
    runOptions: deps.runOptions,
    writeIntervalMs: deps.writeIntervalMs ?? 250,
  });
  const active = new Map<string, ActiveRun>();
  /** Runs being set up: a second request meanwhile is refused. */
  const starting = new Set<string>();
  const purges = createPurgeLog();
  let ready: Promise<unknown> = Promise.resolve();

  /** The configured tenants of these keys, in the order asked (each once); an unknown key is refused. */
  async function resolveTenants(tenantKeys: readonly string[]): Promise<{ clientId: string; configs: Map<string, TenantConfig>; configured: ReadonlySet<string> }> {
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

  /** A tenant to ask (pending), or one never asked because its GUID is not known yet (failed). */
  const initialState = (key: string, tenant: TenantConfig): HuntTenantState => ({
    tenantKey: key,
    tenantId: tenantGuid(tenant) ?? tenant.tenantId,
    displayName: tenant.displayName,
    outcome: tenantGuid(tenant) === null ? { kind: 'failed', message: huntTenantIdUnknown } : { kind: 'pending' },
  });

  /** Throws when a purge since `mark` removed one of `keys` (or everything): the set-up stops, nothing written. */
  function refuseIfPurged(mark: number, keys: Iterable<string>): void {
    if (purges.purgedSince(mark, keys)) throw new Error(huntPurgedWhileStarting);
  }

  /**
   * Writes the set-up's run and, unless a purge came meanwhile, launches it. A purge that came during the
   * write deletes what it removes after this write (its deletes begin later); the rest of a partly purged
   * run is stored stopped, so nothing is left 'running'.
   */
  async function store(run: HuntRun, mark: number, clientId: string, configs: Map<string, TenantConfig>): Promise<void> {
    const keys = run.tenants.map((tenant) => tenant.tenantKey);
    refuseIfPurged(mark, keys);
    await writeHuntRun(run);
    if (purges.purgedSince(mark, keys)) {
      const purged = purges.purgedTenantsSince(mark);
      if (purged !== 'all') {
        const left = { ...run, tenants: run.tenants.filter((tenant) => !purged.includes(tenant.tenantKey)) };
        const source = left.source !== null && purged.includes(left.source.tenantKey) ? null : left.source;
        if (left.tenants.length > 0) await writeHuntRun(endedRun({ ...left, source }, 'stopped', huntPurgedWhileStarting, now())).catch(() => undefined);
      }
      throw new Error(huntPurgedWhileStarting);
    }
    const entry = newActiveRun(run, clientId, configs);
    active.set(run.runId, entry);
    keepAlive.set(true);
    const asked = run.tenants.filter((tenant) => configs.has(tenant.tenantKey) && tenant.outcome.kind === 'pending');
    void entries
      .execute(entry, asked)
      .catch((error: unknown) => console.warn('[Handoff] a hunt failed', error))
      .finally(() => {
        if (active.get(run.runId) === entry) active.delete(run.runId);
        keepAlive.set(active.size > 0);
      });
  }

  /** Sets a run up under `runId`, one at a time: a second set-up or an active run refuses it. */
  async function settingUp<T>(runId: string, work: () => Promise<T>): Promise<T> {
    if (active.size > 0 || starting.size > 0) throw new Error(anotherHuntRunning);
    starting.add(runId);
    try {
      await ready;
      return await work();
    } finally {
      starting.delete(runId);
    }
  }

  return {
    /** At the worker's start: runs a stopped worker left 'running' become 'interrupted'. Hunts wait for it. */
    start(): Promise<number> {
      const marked = markInterruptedHuntRuns(now());
      ready = marked.catch(() => undefined);
      return marked;
    },

    startHunt(request: StartRequest): Promise<{ ok: true; runId: string }> {
      const runId = randomId();
      const mark = purges.mark();
      const asked = [...request.tenantKeys, ...(request.source ? [request.source.tenantKey] : [])];
      return settingUp(runId, async () => {
        refuseIfPurged(mark, asked);
        const { clientId, configs, configured } = await resolveTenants(request.tenantKeys);
        refuseIfPurged(mark, asked);
        const tenants = [...configs].map(([key, tenant]) => initialState(key, tenant));
        // The incident a Defender Experts query came from: kept only while its tenant is configured.
        const source = request.source !== null && configured.has(request.source.tenantKey) ? request.source : null;
        const run: HuntRun = { runId, query: request.query, timespan: request.timespan, startedAt: now(), finishedAt: null, state: 'running', stoppedReason: null, source, tenants };
        await store(run, mark, clientId, configs);
        return { ok: true, runId };
      });
    },

    cancelHunt(runId: string): { ok: true; cancelled: boolean } {
      const entry = active.get(runId);
      if (!entry) return { ok: true, cancelled: false };
      entry.controller.abort(new Error('The analyst stopped the hunt.'));
      return { ok: true, cancelled: true };
    },

    /**
     * While it runs, from memory (the page polls every second); otherwise as stored. A stored run still
     * 'running' that nobody runs (its last write failed) is interrupted: answered so, and stored so if it can be.
     */
    async getHuntRun(runId: string): Promise<{ ok: true; run: HuntRun | null }> {
      await ready;
      const running = () => active.get(runId);
      if (running()) return { ok: true, run: copyOfRun(running()!.run) };
      const stored = await readHuntRun(runId);
      if (running()) return { ok: true, run: copyOfRun(running()!.run) };
      if (stored === null || stored.state !== 'running' || starting.has(runId)) return { ok: true, run: stored };
      const interrupted = endedRun(stored, 'interrupted', null, now());
      await writeHuntRun(interrupted).catch((error: unknown) => console.warn('[Handoff] marking a hunt interrupted failed', error));
      return { ok: true, run: interrupted };
    },

    /** Runs the query again, in place, in these tenants of a finished run (consent granted, quota reset). */
    rerunHuntTenants(runId: string, tenantKeys: readonly string[]): Promise<{ ok: true; runId: string }> {
      if (active.has(runId) || starting.has(runId)) return Promise.reject(new Error('This hunt is still running: stop it or wait for it to finish first.'));
      const mark = purges.mark();
      const keys = [...new Set(tenantKeys)];
      return settingUp(runId, async () => {
        const stored = await readHuntRun(runId);
        if (!stored) throw new Error('Handoff no longer has this hunt (only the last 10 are kept).');
        const all = stored.tenants.map((tenant) => tenant.tenantKey);
        refuseIfPurged(mark, all);
        const outside = keys.filter((key) => !all.includes(key));
        if (outside.length > 0) throw new Error(`Not part of this hunt: ${outside.slice(0, 3).join(', ')}. Nothing was run.`);
        const { clientId, configs } = await resolveTenants(keys);
        refuseIfPurged(mark, all);
        const again = new Map([...configs].map(([key, tenant]) => [key, initialState(key, tenant)]));
        const run: HuntRun = { ...stored, state: 'running', finishedAt: null, stoppedReason: null, tenants: stored.tenants.map((tenant) => again.get(tenant.tenantKey) ?? tenant) };
        await deleteHuntTenantRows(runId, keys);
        await store(run, mark, clientId, configs);
        return { ok: true, runId };
      });
    },

    /**
     * Tenants removed from the settings (or everything, at sign-out) leave the runs in flight, and the runs
     * being set up, before their stored data is deleted (sign-out-purge.ts): nothing of theirs is written
     * again, their requests stop.
     */
    forgetTenants(tenantKeys: readonly string[] | 'all'): void {
      purges.record(tenantKeys);
      const removed = tenantKeys === 'all' ? null : new Set(tenantKeys);
      for (const [runId, entry] of active) {
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
      keepAlive.set(active.size > 0);
    },
  };
}

export type HuntService = ReturnType<typeof createHuntService>;
