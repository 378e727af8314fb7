import type { IncidentTaskLister } from './graph-reads';
import { countOpenGuidedTasks } from '../domain/incident-tasks';
import type { TenantConfig } from '../domain/settings';
import { mapWithConcurrency } from './map-with-concurrency';
import { keyPhase } from './poll-schedule';
import type { TenantCache } from './tenant-cache';
import type { OpenTaskCount, OpenTaskCountMark, TenantSummaryEntry } from './tenant-summaries';

/**
 * The open-task count of the tenant summaries: Defender Experts' remediation tasks that are the
 * partner's to do (Graph beta incidentTasks). One unfiltered read of up to 500 tasks (Graph's $top
 * maximum; `status` filters are `eq` only, so "open or in progress" would be two reads) per tenant, and
 * only when it can have changed: an awaiting-action incident changed since the last count, or the
 * count is older than its recount age (45 to 60 minutes, by tenant: counts taken in one round, as after a
 * first sync, come due over a quarter of an hour of rounds instead of all in one). A steady round reads
 * nothing else. A 403/404 (no beta) or any failure: null, "unknown", never 0. At most
 * `openTaskReadConcurrency` reads at a time.
 */

/** A count older than this is read again even when no awaiting-action incident changed. */
export const openTaskRecountMs = 60 * 60_000;
/** Task reads of a round in flight at once. */
export const openTaskReadConcurrency = 4;

/** The age at which this tenant's count is read again: between 3/4 of openTaskRecountMs and all of it. */
export function openTaskRecountAgeMs(tenantKey: string): number {
  return openTaskRecountMs * (0.75 + keyPhase(tenantKey, 1000) / 4000);
}

/** Whether a tenant's open tasks are worth a beta read at all: an XDR tenant with an awaiting-action incident. */
export function needsOpenTaskCount(tenant: Pick<TenantConfig, 'service'>, cache: TenantCache): boolean {
  return tenant.service === 'xdr' && Object.values(cache.incidents).some((entry) => entry.incident.status === 'awaitingAction');
}

/**
 * What the count was taken against: the awaiting-action incidents (how many, and the latest
 * lastUpdateDateTime among them, Graph's clock). Any change to one of them, or one more or less, moves it.
 */
export function openTaskCountBasis(cache: TenantCache): string {
  const awaiting = Object.values(cache.incidents).filter((entry) => entry.incident.status === 'awaitingAction');
  const latest = awaiting.reduce((max, entry) => {
    const updated = entry.incident.lastUpdateDateTime ?? '';
    return updated > max ? updated : max;
  }, '');
  return `${awaiting.length}|${latest}`;
}

/** Whether the stored count must be read again this round. */
export function openTaskCountDue(
  previous: Pick<TenantSummaryEntry, 'openGuidedTasks' | 'openGuidedTasksCounted'> | undefined,
  basis: string,
  now: Date,
  recountAgeMs = openTaskRecountMs,
): boolean {
  const mark = previous?.openGuidedTasksCounted ?? null;
  if (!previous || mark === null) return true;
  if (mark.basis !== basis) return true;
  return countAged(mark, now, recountAgeMs);
}

/** A count taken at `mark.at` is due again: old enough, or dated after `now` (the clock moved back). */
function countAged(mark: OpenTaskCountMark, now: Date, recountAgeMs: number): boolean {
  const age = now.getTime() - Date.parse(mark.at);
  return !(age >= 0 && age < recountAgeMs);
}

/**
 * Whether a tenant's poll must read its incidents even when Graph lists nothing new: it has no summary entry
 * yet (its queue is made from them), or its open-task count is due for its recount by age (which needs the
 * awaiting-action incidents for its basis). A tenant never counted (null mark: not an XDR tenant with work)
 * does not.
 */
export function incidentsNeededForRecount(entry: TenantSummaryEntry | undefined, now: Date): boolean {
  if (!entry) return true;
  const mark = entry.openGuidedTasksCounted;
  return mark !== null && countAged(mark, now, openTaskRecountAgeMs(entry.tenantKey));
}

/**
 * The open-task counts to store after a round, by cache tenant key: a tenant that needs no count gets
 * null; one counted recently against the same awaiting-action incidents is left out (its stored count
 * stays); the others are read once.
 */
export async function openGuidedTaskCounts(
  rounds: ReadonlyArray<{ tenant: TenantConfig; cache: TenantCache }>,
  betaGraphFor: (tenant: TenantConfig) => IncidentTaskLister,
  options: { previous?: Readonly<Record<string, TenantSummaryEntry>>; now?: Date } = {},
): Promise<Map<string, OpenTaskCount>> {
  const now = options.now ?? new Date();
  const counts = await mapWithConcurrency(
    rounds,
    openTaskReadConcurrency,
    async ({ tenant, cache }): Promise<[string, OpenTaskCount] | null> => {
      if (!needsOpenTaskCount(tenant, cache)) return [cache.tenantKey, { count: null, counted: null }];
      const basis = openTaskCountBasis(cache);
      const previous = options.previous?.[cache.tenantKey];
      if (!openTaskCountDue(previous, basis, now, openTaskRecountAgeMs(cache.tenantKey))) return null;
      const counted: OpenTaskCountMark = { at: now.toISOString(), basis };
      try {
        return [cache.tenantKey, { count: countOpenGuidedTasks(await betaGraphFor(tenant).listIncidentTasks()), counted }];
      } catch {
        return [cache.tenantKey, { count: null, counted }];
      }
    },
  );
  return new Map(counts.filter((entry): entry is [string, OpenTaskCount] => entry !== null));
}
