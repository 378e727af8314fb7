import { z } from 'zod';
import type { AssigneeAliases } from '../domain/assignee-aliases';
import { asReviewedLocally } from '../domain/review-mark';
import { handoffClassifierVersion, type Handoff } from '../domain/classify-handoff';
import { countHandoffs } from '../domain/handoff-counts';
import type { IncidentLister } from './graph-reads';
import { type GraphIncident } from '../domain/incident-schema';
import { parseIncidents, type IncidentParseError } from '../domain/parse-incidents';
import { normalizeTenantId } from '../portal/portal-url';
import { tenantKey, type TenantConfig } from '../domain/settings';
import {
  cachedIncidentSchema,
  classifyCachedIncident,
  slimIncident,
  type CachedIncident,
  type SlimIncident,
} from './cached-incident';
import { changedSinceFilter, firstSyncFilter } from './incident-filters';
import { fnv1a } from './poll-schedule';
import { syncStatusForFailure } from './sync-failure-status';
import { emptyTenantCache, parseErrorLimit, type TenantCache } from './tenant-cache';

/**
 * One poll of one tenant: ask Graph what changed, merge it into the cached incidents, classify every
 * cached incident again (the time in step moves even when nothing changed), and say what changed for
 * notifications. Never throws: a failure keeps the last good incidents and summary readable and only
 * changes `status` and `lastAttemptAt`.
 */

export const tenantChangesSchema = z.object({
  /**
   * The tenant had never synced successfully before this poll. Then `newlyActionable` is the whole
   * backlog, not news: callers should not raise a notification per incident (notification-plan.ts skips
   * first syncs by default).
   */
  firstSync: z.boolean(),
  /** Incidents whose partner action is 'act' now and was not before (or that are new), newest step first. */
  newlyActionable: z.array(cachedIncidentSchema),
  /** Ids that were open in the cache and are now resolved, merged (redirected) or no longer cached. */
  resolvedOrGone: z.array(z.string()),
});
export type TenantChanges = z.infer<typeof tenantChangesSchema>;

export interface PollTenantInput {
  tenant: TenantConfig;
  /** The tenant's cache from the last poll, or null (never synced, or unreadable: resync). */
  previous: TenantCache | null;
  /** Graph, bound to this tenant's token. */
  graph: IncidentLister;
  now: Date;
  aliases?: AssigneeAliases;
  /** Reviews the analyst marked done on this browser only (ui-state-storage.ts): classified as reviewed. */
  reviewedLocally?: (incidentId: string) => boolean;
  /** First sync: open incidents plus what changed within this many days; resolved ones older are dropped. */
  firstSyncWindowDays?: number;
  /** Later polls re-read this much before the watermark. */
  overlapMs?: number;
  /** Graph page size ($top); the Graph client clamps it to 1..50 (Graph's limit for incidents). */
  pageSize?: number;
  signal?: AbortSignal;
}

export interface PollTenantResult {
  cache: TenantCache;
  changes: TenantChanges;
}

export const defaultFirstSyncWindowDays = 30;
export const defaultOverlapMs = 2 * 60_000;

const dayMs = 24 * 3600_000;

const isOpen = (incident: SlimIncident) => incident.status !== 'resolved' && incident.status !== 'redirected';
const updatedAt = (incident: { lastUpdateDateTime: string | null; createdDateTime: string }) =>
  Date.parse(incident.lastUpdateDateTime ?? incident.createdDateTime);

/** What Graph listed this poll: the readable incidents by id (newest version of each) and what was not. */
export interface GraphAnswer {
  incidents: Map<string, GraphIncident>;
  errors: IncidentParseError[];
  /** Graph's clock when it answered the listing's first page (its `Date` header), null when unknown. */
  answeredAt?: number | null;
}

export async function readChanges(input: Omit<PollTenantInput, 'previous'>, filter: string): Promise<GraphAnswer> {
  const incidents = new Map<string, GraphIncident>();
  const errors: IncidentParseError[] = [];
  const query = { filter, ...(input.pageSize ? { top: input.pageSize } : {}), ...(input.signal ? { signal: input.signal } : {}) };
  let answeredAt: number | null = null;
  for await (const page of input.graph.listIncidents(query)) {
    // The first page's answer time: every update Graph stamped before it (less the overlap) is listed.
    if (answeredAt === null) answeredAt = input.graph.lastAnswerDate?.() ?? null;
    const parsed = parseIncidents(page);
    for (const incident of parsed.incidents) {
      // Pages can shift while an incident changes between two page reads: keep its newest version.
      const seen = incidents.get(incident.id);
      if (!seen || updatedAt(incident) >= updatedAt(seen)) incidents.set(incident.id, incident);
    }
    errors.push(...parsed.errors);
  }
  return { incidents, errors, answeredAt };
}

/**
 * This poll's parse errors, plus earlier ones about incidents this poll did not read again (a malformed
 * incident that stopped changing stays reported until Graph sends it readable), capped.
 */
export function mergeParseErrors(previous: Pick<TenantCache, 'parseErrors'>, answer: GraphAnswer): IncidentParseError[] {
  const reread = new Set([...answer.incidents.keys(), ...answer.errors.flatMap((error) => (error.id ? [error.id] : []))]);
  const carried = previous.parseErrors.filter((error) => error.id !== undefined && !reread.has(error.id));
  return [...answer.errors, ...carried].slice(0, parseErrorLimit);
}

/**
 * Up to when, on Graph's clock, every update has been read: the latest update seen, or Graph's own time
 * when it answered (`answeredAt`, its Date header), whichever is later — so a quiet tenant's next poll
 * asks only for what changed since this answer (less the overlap) and Graph lists nothing, instead of
 * re-reading its latest incidents with their alerts at every poll. Never later than our own clock: a
 * bogus future timestamp must not push the watermark past updates still to come (an earlier watermark
 * only re-reads a little more).
 */
export function nextWatermark(
  previous: string | null,
  incidents: Iterable<GraphIncident>,
  now: Date,
  answeredAt: number | null = null,
): string | null {
  let latest = previous === null ? Number.NEGATIVE_INFINITY : Date.parse(previous);
  if (answeredAt !== null && Number.isFinite(answeredAt)) latest = Math.max(latest, answeredAt);
  for (const incident of incidents) {
    if (incident.lastUpdateDateTime !== null) latest = Math.max(latest, Date.parse(incident.lastUpdateDateTime));
  }
  if (!Number.isFinite(latest)) return previous;
  return new Date(Math.min(latest, now.getTime())).toISOString();
}

function resolvedTenantIdOf(input: Pick<PollTenantInput, 'tenant'>, previous: TenantCache, incidents: Iterable<GraphIncident>): string | null {
  for (const incident of incidents) {
    const tenantId = normalizeTenantId(incident.tenantId);
    if (tenantId !== null) return tenantId;
  }
  return previous.resolvedTenantId ?? input.tenant.resolvedTenantId;
}

/** What changed between the stored cache and the new incidents (also used after reconciliation). */
export function describeChanges(previous: TenantCache, incidents: Record<string, CachedIncident>, firstSync: boolean): TenantChanges {
  const isAct = (handoff: Handoff | undefined) => handoff?.partnerAction?.kind === 'act';
  const newlyActionable = Object.values(incidents)
    .filter((entry) => isAct(entry.handoff) && !isAct(previous.incidents[entry.incident.id]?.handoff))
    .sort((a, b) => Date.parse(b.handoff.stepSince) - Date.parse(a.handoff.stepSince));
  const resolvedOrGone = Object.values(previous.incidents)
    .filter((before) => isOpen(before.incident))
    .filter((before) => {
      const now = incidents[before.incident.id];
      return now === undefined || !isOpen(now.incident);
    })
    .map((before) => before.incident.id);
  return { firstSync, newlyActionable, resolvedOrGone };
}

/**
 * What the handoffs of a tenant were classified with: the classifier's version, the tenant's service and
 * the assignee aliases (FNV-1a of the three): an update that changes the rules classifies everything
 * again. Classification depends on nothing else but the incident, so while this and the incident stay the
 * same, so does the handoff.
 */
export function classificationKey(service: TenantConfig['service'], aliases: AssigneeAliases | undefined): string {
  const text = `${handoffClassifierVersion}|${service}|${aliases === undefined ? '' : JSON.stringify(aliases)}`;
  return `${service}:${fnv1a(text).toString(16)}`;
}

/** When the first kept closed incident leaves the window (null: none kept). */
function expiryOf(incidents: Record<string, CachedIncident>, windowDays: number): string | null {
  let first = Number.POSITIVE_INFINITY;
  for (const { incident } of Object.values(incidents)) if (!isOpen(incident)) first = Math.min(first, updatedAt(incident) + windowDays * dayMs);
  return Number.isFinite(first) ? new Date(first).toISOString() : null;
}

export function failedPoll<T extends Omit<TenantCache, 'incidents'>>(previous: T, now: Date, error: unknown): T {
  return { ...previous, lastAttemptAt: now.toISOString(), status: syncStatusForFailure(error, now) };
}

export const noChanges = (firstSync: boolean): TenantChanges => ({ firstSync, newlyActionable: [], resolvedOrGone: [] });

/** Graph's answer merged into the stored cache: every incident classified again, counted, compared. */
export function mergeAnswer(input: Omit<PollTenantInput, 'previous'>, previous: TenantCache, answer: GraphAnswer): PollTenantResult {
  const { tenant, now } = input;
  const windowDays = input.firstSyncWindowDays ?? defaultFirstSyncWindowDays;
  const slim: Record<string, SlimIncident> = {};
  for (const [id, entry] of Object.entries(previous.incidents)) slim[id] = entry.incident;
  for (const [id, incident] of answer.incidents) slim[id] = slimIncident(incident);

  const oldestKept = now.getTime() - windowDays * dayMs;
  const incidents: Record<string, CachedIncident> = {};
  for (const [id, incident] of Object.entries(slim)) {
    if (!isOpen(incident) && updatedAt(incident) < oldestKept) continue;
    const handoff = classifyCachedIncident(incident, tenant.service, now, input.aliases);
    incidents[id] = { incident, handoff: input.reviewedLocally?.(id) === true ? asReviewedLocally(handoff) : handoff };
  }

  const cache: TenantCache = {
    ...previous,
    resolvedTenantId: resolvedTenantIdOf(input, previous, answer.incidents.values()),
    watermark: nextWatermark(previous.watermark, answer.incidents.values(), now, answer.answeredAt ?? null),
    lastAttemptAt: now.toISOString(),
    lastSuccessAt: now.toISOString(),
    status: { state: 'ok', message: null, retryAt: null },
    incidents,
    parseErrors: mergeParseErrors(previous, answer),
    summary: countHandoffs(Object.values(incidents).map((entry) => entry.handoff)),
    classifiedWith: classificationKey(tenant.service, input.aliases),
    expiresAt: expiryOf(incidents, windowDays),
  };
  return { cache, changes: describeChanges(previous, incidents, previous.lastSuccessAt === null) };
}

export async function pollTenant(input: PollTenantInput): Promise<PollTenantResult> {
  const { tenant, now } = input;
  const windowDays = input.firstSyncWindowDays ?? defaultFirstSyncWindowDays;
  const overlapMs = input.overlapMs ?? defaultOverlapMs;
  const previous = input.previous ?? emptyTenantCache(tenantKey(tenant));
  const filter =
    previous.watermark === null ? firstSyncFilter(now, windowDays) : changedSinceFilter(previous.watermark, overlapMs);

  let answer: GraphAnswer;
  try {
    answer = await readChanges(input, filter);
  } catch (error) {
    return { cache: failedPoll(previous, now, error), changes: noChanges(previous.lastSuccessAt === null) };
  }
  return mergeAnswer(input, previous, answer);
}
