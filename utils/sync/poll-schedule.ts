import { tenantKey, type TenantConfig } from '../domain/settings';
import type { TenantSummaryEntry } from './tenant-summaries';

/**
 * Which tenants a poll round reads, from the tenant summaries alone (no caches):
 *
 *   throttled    not before the Retry-After Graph gave (status.retryAt)
 *   first sync   never synced: at most `firstSyncsPerRound`, after every steady poll of the round, so a
 *                batch of new tenants never delays the badge of the tenants already synced
 *   busy         work in flight (awaiting the partner, with Defender Experts) or a failed last poll:
 *                every round
 *   quiet        every `quietEveryRounds` rounds (default 2), spread over the rounds by the tenant's key,
 *                so a quiet tenant is never older than the badge's stale bound (3 intervals)
 *
 * and never more often than the tenant's share of Defender's quota allows (`requestBudget`): with N
 * analysts sharing one application, each browser keeps to 1/N of what is left after a reserve.
 * Pure: the clock is an argument. `everyTenant` (a round the analyst asked for) drops the cadence but
 * keeps Retry-After and the first-sync pacing.
 */

/**
 * Defender's documented quotas for its incidents API, per application per tenant; Graph documents none
 * for /security/incidents, so these are the ones to plan for (docs/reference/graph-security-api.md).
 */
export const defenderIncidentQuotas = { perMinute: 50, perHour: 1500 } as const;

export interface RequestBudget {
  /** Browsers (analysts) polling the same tenants with the same Entra application. */
  analysts: number;
  /** Share of each quota left for the panel's reads, quick actions, first syncs and clock drift. */
  reserve: number;
  perMinute: number;
  perHour: number;
}

/** 25 analysts sharing one application, 20 % of the quota kept free (README, "Limits"). */
export const defaultRequestBudget: RequestBudget = { analysts: 25, reserve: 0.2, ...defenderIncidentQuotas };

export interface PollScheduleOptions {
  intervalMs: number;
  quietEveryRounds?: number;
  firstSyncsPerRound?: number;
  budget?: RequestBudget;
  everyTenant?: boolean;
}

export const defaultQuietEveryRounds = 2;
export const defaultFirstSyncsPerRound = 100;

export type PollReason = 'firstSync' | 'busy' | 'quiet';

export interface PollPlan {
  /** The tenants to poll this round, steady polls (busy first) before first syncs. */
  due: TenantConfig[];
  reasons: Map<string, PollReason>;
  /** Counted by why they wait: Retry-After, the cadence (quiet or over budget), first-sync pacing. */
  skipped: { throttled: number; cadence: number; firstSyncLater: number };
}

type ScheduleFacts = Pick<TenantSummaryEntry, 'status' | 'lastAttemptAt' | 'lastSuccessAt' | 'summary'>;

/** Work in flight: an incident awaits the partner or is with Defender Experts, or the last poll failed. */
export function isBusy(facts: ScheduleFacts): boolean {
  return facts.status.state !== 'ok' || facts.summary.awaitingYou > 0 || facts.summary.withDefenderExperts > 0;
}

/**
 * Requests one browser may spend on one tenant per hour: its 1/analysts share of the hourly quota after
 * the reserve (48 for 25 analysts). The per-minute quota is 50: one browser's poll a round (a page,
 * rarely two) stays far below its share of it at any interval the settings allow.
 */
export function hourlyShare(budget: RequestBudget): number {
  return Math.floor((budget.perHour * (1 - budget.reserve)) / Math.max(1, budget.analysts));
}

/**
 * A tenant's reads besides its polls, per hour: the hourly reconciliation (a page per 50 open incidents,
 * one read per incident gone, counted as one) and, for a tenant with incidents awaiting, one task read.
 */
export function extraRequestsPerHour(facts: ScheduleFacts): number {
  const { total, closed, merged, awaitingYou } = facts.summary;
  const open = Math.max(0, total - closed - merged);
  return Math.ceil(open / 50) + 1 + (awaitingYou > 0 ? 1 : 0);
}

/** Rounds between two polls of a tenant that keep it within its hourly share (1: every round). */
export function budgetEveryRounds(facts: ScheduleFacts, intervalMs: number, budget: RequestBudget): number {
  const pollsAllowed = Math.max(1, hourlyShare(budget) - extraRequestsPerHour(facts));
  return Math.max(1, Math.ceil(3600_000 / pollsAllowed / intervalMs));
}

/** FNV-1a of a string's UTF-16 code units, as an unsigned 32-bit number. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}

/** A stable number for a tenant key (FNV-1a), so quiet tenants spread evenly over the rounds. */
export function keyPhase(key: string, modulo: number): number {
  return fnv1a(key) % Math.max(1, modulo);
}

/**
 * Due every `every` rounds: on the tenant's phase (round index = now / interval), or in any case once
 * its last attempt is `every - 0.5` intervals old (alarms that fire late or a worker that slept), but
 * never twice within half an interval.
 */
function dueByCadence(key: string, lastAttemptAt: string | null, every: number, now: number, intervalMs: number): boolean {
  if (every <= 1 || lastAttemptAt === null) return true;
  const age = now - Date.parse(lastAttemptAt);
  if (!(age >= 0)) return true;
  if (age >= (every - 0.5) * intervalMs) return true;
  const round = Math.floor(now / intervalMs);
  return age >= 0.5 * intervalMs && round % every === keyPhase(key, every);
}

export function planPollRound(input: {
  tenants: readonly TenantConfig[];
  summaries: Readonly<Record<string, ScheduleFacts | undefined>>;
  now: Date;
  options: PollScheduleOptions;
}): PollPlan {
  const { intervalMs } = input.options;
  const now = input.now.getTime();
  const quietEvery = Math.max(1, Math.floor(input.options.quietEveryRounds ?? defaultQuietEveryRounds));
  const firstSyncLimit = Math.max(0, Math.floor(input.options.firstSyncsPerRound ?? defaultFirstSyncsPerRound));
  const budget = input.options.budget ?? defaultRequestBudget;
  const busy: TenantConfig[] = [];
  const quiet: TenantConfig[] = [];
  const firstSyncs: TenantConfig[] = [];
  const reasons = new Map<string, PollReason>();
  const skipped = { throttled: 0, cadence: 0, firstSyncLater: 0 };

  for (const tenant of input.tenants) {
    const key = tenantKey(tenant);
    const facts = input.summaries[key];
    const retryAt = Date.parse(facts?.status.retryAt ?? '');
    if (retryAt > now) {
      skipped.throttled += 1;
      continue;
    }
    if (!facts || facts.lastSuccessAt === null) {
      if (firstSyncs.length < firstSyncLimit) {
        firstSyncs.push(tenant);
        reasons.set(key, 'firstSync');
      } else skipped.firstSyncLater += 1;
      continue;
    }
    const isBusyTenant = isBusy(facts);
    const every = input.options.everyTenant
      ? 1
      : Math.max(isBusyTenant ? 1 : quietEvery, budgetEveryRounds(facts, intervalMs, budget));
    if (!dueByCadence(key, facts.lastAttemptAt, every, now, intervalMs)) {
      skipped.cadence += 1;
      continue;
    }
    (isBusyTenant ? busy : quiet).push(tenant);
    reasons.set(key, isBusyTenant ? 'busy' : 'quiet');
  }
  return { due: [...busy, ...quiet, ...firstSyncs], reasons, skipped };
}
