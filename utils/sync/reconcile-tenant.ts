import type { AssigneeAliases } from '../domain/assignee-aliases';
import { asReviewedLocally } from '../domain/review-mark';
import { countHandoffs } from '../domain/handoff-counts';
import { GraphRequestError } from '../domain/graph-request-error';
import { parseIncident } from '../domain/parse-incidents';
import type { TenantConfig } from '../domain/settings';
import { classifyCachedIncident, slimIncident, type CachedIncident } from './cached-incident';
import type { IncidentLister, IncidentReconcileReads } from './graph-reads';
import { openIncidentsFilter } from './incident-filters';
import { describeChanges, type PollTenantResult } from './poll-tenant';
import { syncStatusForFailure } from './sync-failure-status';
import { emptyTenantCache, type TenantCache } from './tenant-cache';

/**
 * Cache reconciliation: the watermark poll only sees incidents that change, but Graph may stop listing
 * an incident without changing it (a delegated list hides `redirected` incidents once merged, and
 * incidents can vanish), so a cached open incident would stay open, and on the badge, forever. At most
 * once per interval per tenant, the ids of Graph's open incidents are listed ($select, pages of 50) and
 * each cached open incident missing from that list is read by id:
 *
 *   404         dropped from the cache
 *   redirected  dropped; its redirectIncidentId is read too, unless the cache already holds the version
 *               the list shows (or holds it closed), and cached or updated when readable
 *   otherwise   updated from what Graph answered (e.g. resolved)
 *
 * Requests: ceil(open / 50) list pages + one read per missing incident (+ one per redirect target the
 * cache does not already hold as listed). A failure keeps the cache's incidents (the last good data),
 * reports itself in `status` as a failed poll would, and leaves `lastReconciledAt` for the next round.
 */

export const defaultReconcileIntervalMs = 3600_000;
/** How far a chain of merges (a target itself redirected) is followed. */
const maxRedirectHops = 3;

export interface ReconcileTenantInput {
  tenant: TenantConfig;
  /** The tenant's cache after this round's poll. */
  cache: TenantCache;
  graph: IncidentReconcileReads;
  now: Date;
  aliases?: AssigneeAliases;
  /** Reviews marked done on this browser only (poll-tenant.ts PollTenantInput). */
  reviewedLocally?: (incidentId: string) => boolean;
  signal?: AbortSignal;
}

export interface ReconcileTenantResult {
  cache: TenantCache;
  /** Graph requests made (list pages and reads by id; the client's own retries not counted). */
  requests: number;
  /** Ids dropped from the cache (merged or gone). */
  dropped: string[];
  /** Ids read by id and cached or updated from Graph's answer. */
  updated: string[];
  /** Why it failed; the cache then keeps its incidents and carries a failure status. */
  error?: unknown;
}

const isOpen = (incident: { status: string }) => incident.status !== 'resolved' && incident.status !== 'redirected';

/** Whether the tenant is due: synced fine, and never reconciled or longer ago than the interval. */
export function reconciliationDue(
  cache: Pick<TenantCache, 'status' | 'lastSuccessAt' | 'lastReconciledAt'>,
  now: Date,
  intervalMs: number,
): boolean {
  if (cache.status.state !== 'ok' || cache.lastSuccessAt === null) return false;
  if (cache.lastReconciledAt === null) return true;
  return now.getTime() - Date.parse(cache.lastReconciledAt) >= intervalMs;
}

interface ListedIncident {
  status: string;
  lastUpdateDateTime: string | null;
}

function listedItem(item: unknown): [string, ListedIncident] | null {
  if (typeof item !== 'object' || item === null) return null;
  const { id, status, lastUpdateDateTime } = item as Record<string, unknown>;
  if (typeof id !== 'string' || id === '' || typeof status !== 'string') return null;
  return [id, { status, lastUpdateDateTime: typeof lastUpdateDateTime === 'string' ? lastUpdateDateTime : null }];
}

const sameTime = (a: string | null, b: string | null) => a !== null && b !== null && Date.parse(a) === Date.parse(b);
const isNotFound = (error: unknown) => error instanceof GraphRequestError && error.status === 404;
const isForbidden = (error: unknown) => error instanceof GraphRequestError && error.status === 403;

export async function reconcileTenant(input: ReconcileTenantInput): Promise<ReconcileTenantResult> {
  const { cache, graph, now } = input;
  const signal = input.signal ? { signal: input.signal } : {};
  let requests = 0;
  try {
    const listed = new Map<string, ListedIncident>();
    for await (const page of graph.listIncidentIds({ filter: openIncidentsFilter, ...signal })) {
      requests += 1;
      for (const item of page) {
        const entry = listedItem(item);
        if (entry && isOpen(entry[1])) listed.set(...entry);
      }
    }

    const incidents: Record<string, CachedIncident> = { ...cache.incidents };
    const dropped = new Set<string>();
    const updated = new Set<string>();
    const read = new Set<string>();
    const missing = Object.values(cache.incidents)
      .filter((entry) => isOpen(entry.incident) && !listed.has(entry.incident.id))
      .map((entry) => entry.incident.id);

    /** A redirect target needs a read unless the cache holds what the list shows (or holds it closed). */
    const targetNeedsRead = (id: string) => {
      const cached = incidents[id]?.incident;
      const shown = listed.get(id);
      if (shown) return cached === undefined || sameTime(cached.lastUpdateDateTime, shown.lastUpdateDateTime) === false;
      return cached === undefined || isOpen(cached);
    };

    const queue: Array<{ id: string; hops: number }> = missing.map((id) => ({ id, hops: 0 }));
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const { id, hops } = next;
      if (read.has(id)) continue;
      read.add(id);
      let raw: unknown;
      try {
        requests += 1;
        raw = await graph.getIncident(id, signal);
      } catch (error) {
        if (isNotFound(error)) {
          if (id in incidents) dropped.add(id);
          delete incidents[id];
          continue;
        }
        // A redirect target we may not read is simply not followed; a cached incident must be readable.
        if (hops > 0 && isForbidden(error)) continue;
        throw error;
      }
      const parsed = parseIncident(raw);
      if (!parsed.ok) continue; // Unreadable: the cached version stays (the poll reports parse errors).
      const incident = slimIncident(parsed.incident);
      if (incident.status === 'redirected') {
        if (id in incidents) dropped.add(id);
        delete incidents[id];
        const target = incident.redirectIncidentId;
        if (target && hops < maxRedirectHops && !read.has(target) && targetNeedsRead(target)) {
          queue.push({ id: target, hops: hops + 1 });
        }
        continue;
      }
      const handoff = classifyCachedIncident(incident, input.tenant.service, now, input.aliases);
      incidents[id] = { incident, handoff: input.reviewedLocally?.(id) === true ? asReviewedLocally(handoff) : handoff };
      dropped.delete(id);
      updated.add(id);
    }

    return {
      cache: {
        ...cache,
        lastReconciledAt: now.toISOString(),
        incidents,
        summary: countHandoffs(Object.values(incidents).map((entry) => entry.handoff)),
      },
      requests,
      dropped: [...dropped],
      updated: [...updated],
    };
  } catch (error) {
    return {
      cache: { ...cache, lastAttemptAt: now.toISOString(), status: syncStatusForFailure(error, now) },
      requests,
      dropped: [],
      updated: [],
      error,
    };
  }
}

export interface ReconcileOptions {
  /** Reconcile a tenant at most this often (default defaultReconcileIntervalMs). */
  intervalMs?: number;
  /** Reconcile every successfully polled tenant this round, due or not. */
  force?: boolean;
}

export type ReconcileGraph = IncidentLister & Partial<IncidentReconcileReads>;

function canReconcile(graph: ReconcileGraph): graph is IncidentLister & IncidentReconcileReads {
  return typeof graph.listIncidentIds === 'function' && typeof graph.getIncident === 'function';
}

/**
 * The poll's result, reconciled when due (see above). A poll that listed every open incident (no
 * watermark yet: a first sync) counts as a reconciliation and costs nothing more. A failed poll, or a
 * graph without the reconcile reads, is returned as it is.
 */
export async function reconcileAfterPoll(
  input: Omit<ReconcileTenantInput, 'cache' | 'graph'> & {
    /** The stored cache the poll started from (null: none). */
    previous: TenantCache | null;
    polled: PollTenantResult;
    graph: ReconcileGraph;
    options: ReconcileOptions;
  },
): Promise<PollTenantResult & { reconciliation?: ReconcileTenantResult }> {
  const { polled, previous, now, graph } = input;
  if (polled.cache.status.state !== 'ok' || !canReconcile(graph)) return polled;
  if ((previous?.watermark ?? null) === null) return { ...polled, cache: { ...polled.cache, lastReconciledAt: now.toISOString() } };
  const due = input.options.force === true || reconciliationDue(polled.cache, now, input.options.intervalMs ?? defaultReconcileIntervalMs);
  if (!due) return polled;
  const { previous: _previous, polled: _polled, options: _options, ...rest } = input;
  const reconciliation = await reconcileTenant({ ...rest, cache: polled.cache, graph });
  if (reconciliation.error !== undefined) return { cache: reconciliation.cache, changes: polled.changes, reconciliation };
  const before = previous ?? emptyTenantCache(polled.cache.tenantKey);
  const changes = describeChanges(before, reconciliation.cache.incidents, polled.changes.firstSync);
  return { cache: reconciliation.cache, changes, reconciliation };
}
