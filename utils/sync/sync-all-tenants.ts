import type { AssigneeAliases } from '../domain/assignee-aliases';
import { tenantKey, type TenantConfig } from '../domain/settings';
import { mapWithAdaptiveConcurrency, type ConcurrencyController, type RequestOutcome } from './adaptive-concurrency';
import { mapWithConcurrency } from './map-with-concurrency';
import { observedGraph } from './observed-graph';
import { keyPhase } from './poll-schedule';
import { pollTenant, type PollTenantInput, type TenantChanges } from './poll-tenant';
import { pollTenantFromRecord } from './poll-tenant-from-record';
import {
  defaultReconcileIntervalMs,
  reconcileAfterPoll,
  reconciliationDue,
  type ReconcileGraph,
  type ReconcileOptions,
  type ReconcileTenantResult,
} from './reconcile-tenant';
import type { CachedIncident } from './cached-incident';
import { syncStatusForFailure } from './sync-failure-status';
import { emptyTenantCache, type TenantCache } from './tenant-cache';
import { syncRecordOf, type TenantSyncRecord } from './tenant-cache-diff';

/**
 * One round of polling: every tenant through pollTenant, at most `concurrency` at a time, each read from
 * and written back to the cache store. Tenants are isolated: a tenant whose token, Graph, or storage
 * fails gets its own failure status and the others go on.
 */

/** Where tenant caches live (storage/tenant-cache-storage.ts in the extension; tests and the bench: memory). */
export interface TenantCacheStore {
  read(tenantKey: string): Promise<TenantCache | null>;
  /**
   * Saves a poll's cache. `round` is the tenant and what changed (the browser store persists the round's
   * notifications with it); a store that merged in newer writes returns what it saved.
   */
  write(cache: TenantCache, round?: { tenant: TenantConfig; changes: TenantChanges }): Promise<TenantCache | void>;
  /**
   * A store that keeps incidents apart from the sync record (the browser's) also offers these three, so a
   * poll that finds nothing new reads and writes the sync record alone (poll-tenant.ts pollTenantFromRecord).
   */
  records?: {
    read(tenantKey: string): Promise<TenantSyncRecord | null>;
    /** The stored entries of these incidents, by id (missing ones left out). */
    readEntries(tenantKey: string, ids: readonly string[]): Promise<Record<string, CachedIncident>>;
    /** Saves the poll's sync state (status, times, watermark, parse errors) onto the stored record. */
    write(record: TenantSyncRecord): Promise<void>;
  };
}

export interface SyncAllTenantsInput {
  tenants: readonly TenantConfig[];
  store: TenantCacheStore;
  /** Graph bound to one tenant's token (with the reconcile reads, when `reconcile` is wanted). */
  graphFor(tenant: TenantConfig): ReconcileGraph;
  /** Read when each tenant's poll starts (default: the system clock). */
  clock?: () => Date;
  aliases?: AssigneeAliases;
  /** Reviews marked done on this browser only, by tenant key and incident id (ui-state-storage.ts). */
  reviewedLocally?: (tenantKey: string, incidentId: string) => boolean;
  /**
   * Tenants polled at the same time: a number (default 4), or a controller that adapts it to Graph's
   * latency and 429s (adaptive-concurrency.ts), fed with every request of the round.
   */
  concurrency?: number | ConcurrencyController;
  /** Told of every Graph request of the round (its time, a 429): the bench's meter. */
  onRequest?: (outcome: RequestOutcome & { tenantKey: string }) => void;
  /** Passed to every pollTenant. */
  pollOptions?: Pick<PollTenantInput, 'firstSyncWindowDays' | 'overlapMs' | 'pageSize'>;
  /** Reconcile each polled tenant's cache with Graph's open incidents when due (reconcile-tenant.ts); absent: never. */
  reconcile?: ReconcileOptions;
  /** Tenants whose incidents the caller needs this round even if nothing changed (e.g. a recount is due). */
  readIncidentsOf?: (tenantKey: string) => boolean;
  signal?: AbortSignal;
}

export interface TenantSyncResult {
  tenantKey: string;
  tenant: TenantConfig;
  /** The tenant's sync state and counts after this round (what was written, or the last good ones with a failure status). */
  record: TenantSyncRecord;
  /**
   * The tenant's whole cache after this round; null when the poll found nothing new and never read the
   * incidents (the stored ones, and everything derived from them, stand).
   */
  cache: TenantCache | null;
  changes: TenantChanges;
  /** When this round reconciled the tenant: what that did (or its error). */
  reconciliation?: ReconcileTenantResult;
}

export const defaultSyncConcurrency = 4;

const noChanges = (firstSync: boolean): TenantChanges => ({ firstSync, newlyActionable: [], resolvedOrGone: [] });

function failed(key: string, tenant: TenantConfig, base: TenantCache | TenantSyncRecord, now: Date, error: unknown): TenantSyncResult {
  const status = syncStatusForFailure(error, now);
  const record: TenantSyncRecord = { ...('incidents' in base ? syncRecordOf(base) : base), lastAttemptAt: now.toISOString(), status };
  const cache = 'incidents' in base ? { ...base, lastAttemptAt: now.toISOString(), status } : null;
  return { tenantKey: key, tenant, record, cache, changes: noChanges(base.lastSuccessAt === null) };
}

type Polled = { cache: TenantCache; changes: TenantChanges; reconciliation?: ReconcileTenantResult };

/** A reconciliation (which needs the incidents) is due for this tenant this round. */
function reconcileDue(input: SyncAllTenantsInput, key: string, record: TenantSyncRecord, now: Date): boolean {
  if (!input.reconcile) return false;
  const options = spreadReconcile(input.reconcile, key);
  return options.force === true || reconciliationDue(record, now, options.intervalMs ?? defaultReconcileIntervalMs);
}

async function syncOneTenant(input: SyncAllTenantsInput, tenant: TenantConfig): Promise<TenantSyncResult> {
  const key = tenantKey(tenant);
  const now = (input.clock ?? (() => new Date()))();
  const records = input.store.records;
  let previous: TenantCache | null;
  let polled: Polled;
  try {
    const graph = observe(input, key, input.graphFor(tenant));
    const local = input.reviewedLocally;
    const shared = {
      tenant,
      now,
      ...(input.aliases ? { aliases: input.aliases } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
      ...(local ? { reviewedLocally: (incidentId: string) => local(key, incidentId) } : {}),
    };
    const record = records && input.readIncidentsOf?.(key) !== true ? await records.read(key) : null;
    if (records && record && !reconcileDue(input, key, record, now)) {
      const fromRecord = await pollTenantFromRecord({
        ...shared,
        record,
        graph,
        ...input.pollOptions,
        readEntries: (ids) => records.readEntries(key, ids),
        readCache: () => input.store.read(key),
      });
      if (fromRecord.kind === 'record') {
        try {
          await records.write(fromRecord.record);
        } catch (error) {
          return failed(key, tenant, fromRecord.record, now, new Error(`The tenant cache could not be saved: ${String(error)}`));
        }
        return { tenantKey: key, tenant, record: fromRecord.record, cache: null, changes: fromRecord.changes };
      }
      ({ previous } = fromRecord);
      polled = fromRecord;
    } else {
      previous = await input.store.read(key);
      polled = await pollTenant({ ...shared, previous, graph, ...input.pollOptions });
    }
    if (input.reconcile) polled = await reconcileAfterPoll({ ...shared, previous, polled, graph, options: spreadReconcile(input.reconcile, key) });
  } catch (error) {
    // pollTenant never throws: the store could not be read or graphFor failed.
    return failed(key, tenant, emptyTenantCache(key), now, error);
  }
  try {
    const saved = await input.store.write(polled.cache, { tenant, changes: polled.changes });
    if (saved) polled = { ...polled, cache: saved };
  } catch (error) {
    // Not saved (e.g. storage quota): keep the fresh data for this round, but report no changes, or the
    // next poll (comparing with the old stored cache) would announce them a second time.
    return failed(key, tenant, polled.cache, now, new Error(`The tenant cache could not be saved: ${String(error)}`));
  }
  return { tenantKey: key, tenant, record: syncRecordOf(polled.cache), ...polled };
}

/**
 * The tenant's reconciliation interval, between 3/4 of the configured one and all of it by tenant key:
 * tenants first synced in one round then come due over a quarter of the interval of rounds, not in one.
 */
function spreadReconcile(options: ReconcileOptions, key: string): ReconcileOptions {
  if (options.intervalMs === undefined) return options;
  return { ...options, intervalMs: options.intervalMs * (0.75 + keyPhase(key, 1000) / 4000) };
}

/** The tenant's Graph, timed for the controller and the meter when either wants it. */
function observe(input: SyncAllTenantsInput, key: string, graph: ReconcileGraph): ReconcileGraph {
  const controller = typeof input.concurrency === 'object' ? input.concurrency : undefined;
  const { onRequest } = input;
  if (!controller && !onRequest) return graph;
  return observedGraph(graph, () => (input.clock ?? (() => new Date()))().getTime(), (outcome) => {
    controller?.record(outcome);
    onRequest?.({ ...outcome, tenantKey: key });
  });
}

/** A round's result for a tenant whose incidents were read (always, with a store that has no `records`). */
export type ReadTenantSyncResult = TenantSyncResult & { cache: TenantCache };

export function syncAllTenants(input: SyncAllTenantsInput & { store: { records?: undefined } }): Promise<ReadTenantSyncResult[]>;
export function syncAllTenants(input: SyncAllTenantsInput): Promise<TenantSyncResult[]>;
export async function syncAllTenants(input: SyncAllTenantsInput): Promise<TenantSyncResult[]> {
  const work = (tenant: TenantConfig) => syncOneTenant(input, tenant);
  if (typeof input.concurrency === 'object') return mapWithAdaptiveConcurrency(input.tenants, input.concurrency, work);
  return mapWithConcurrency(input.tenants, input.concurrency ?? defaultSyncConcurrency, work);
}
