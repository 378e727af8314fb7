import { describe, expect, it } from 'vitest';
import { countHandoffs } from '@/utils/domain/handoff-counts';
import { tenantConfigSchema, type TenantConfig } from '@/utils/domain/settings';
import {
  budgetEveryRounds,
  defaultRequestBudget,
  hourlyShare,
  planPollRound,
  type PollScheduleOptions,
} from '@/utils/sync/poll-schedule';
import type { TenantSummaryEntry } from '@/utils/sync/tenant-summaries';

const intervalMs = 2 * 60_000;
const start = Date.parse('2026-12-02T08:00:00.000Z');

const tenant = (index: number): TenantConfig =>
  tenantConfigSchema.parse({
    tenantId: `0be4c400-0000-4000-8000-${index.toString(16).padStart(12, '0')}`,
    displayName: `Customer ${index}`,
    service: 'xdr',
  });

type Facts = Pick<TenantSummaryEntry, 'status' | 'lastAttemptAt' | 'lastSuccessAt' | 'summary'>;

function facts(at: number, change: { awaitingYou?: number; withDefenderExperts?: number; total?: number; state?: 'ok' | 'error'; retryAt?: number } = {}): Facts {
  const summary = { ...countHandoffs([]), awaitingYou: change.awaitingYou ?? 0, withDefenderExperts: change.withDefenderExperts ?? 0, total: change.total ?? 0 };
  const iso = new Date(at).toISOString();
  return {
    status: { state: change.state ?? 'ok', message: null, retryAt: change.retryAt === undefined ? null : new Date(change.retryAt).toISOString() },
    lastAttemptAt: iso,
    lastSuccessAt: iso,
    summary,
  };
}

/** Runs rounds an interval apart, each polled tenant's facts moved to the round's time; returns who was polled per round. */
function simulate(tenants: TenantConfig[], initial: Record<string, Facts | undefined>, rounds: number, options: Partial<PollScheduleOptions> = {}) {
  const summaries = { ...initial };
  const polled: string[][] = [];
  for (let round = 0; round < rounds; round += 1) {
    const now = start + round * intervalMs + 3_000;
    const plan = planPollRound({ tenants, summaries, now: new Date(now), options: { intervalMs, ...options } });
    polled.push(plan.due.map((config) => config.tenantId));
    for (const config of plan.due) {
      const before = summaries[config.tenantId];
      const { lastAttemptAt, lastSuccessAt, status } = facts(now + 1_000);
      summaries[config.tenantId] = { lastAttemptAt, lastSuccessAt, status: before?.status ?? status, summary: before?.summary ?? countHandoffs([]) };
    }
  }
  return polled;
}

describe('poll schedule', () => {
  it('polls busy tenants (awaiting you, with Defender Experts, or failing) every round and quiet ones every second round, spread', () => {
    const tenants = Array.from({ length: 40 }, (_, index) => tenant(index));
    const summaries: Record<string, Facts> = {};
    tenants.forEach((config, index) => {
      summaries[config.tenantId] =
        index === 0 ? facts(start - intervalMs, { awaitingYou: 2 })
        : index === 1 ? facts(start - intervalMs, { withDefenderExperts: 1 })
        : index === 2 ? facts(start - intervalMs, { state: 'error' })
        : facts(start - intervalMs);
    });
    const polled = simulate(tenants, summaries, 6);
    for (const round of polled) expect(round.slice(0, 3)).toEqual(tenants.slice(0, 3).map((config) => config.tenantId));
    const quiet = tenants.slice(3).map((config) => config.tenantId);
    for (const id of quiet) {
      const rounds = polled.flatMap((round, index) => (round.includes(id) ? [index] : []));
      // Every second round, never two rounds in a row, never three intervals without a poll (the badge's stale bound).
      expect(rounds.length).toBe(3);
      expect(rounds.every((round, index) => index === 0 || round - rounds[index - 1]! === 2)).toBe(true);
    }
    // Spread: no round polls all quiet tenants at once.
    for (const round of polled) expect(round.length - 3).toBeLessThan(quiet.length * 0.75);
  });

  it('a round the analyst asked for polls every tenant; Retry-After is kept either way', () => {
    const tenants = [tenant(1), tenant(2), tenant(3)];
    const now = start + 10_000;
    const summaries = {
      [tenants[0]!.tenantId]: facts(now - 5_000),
      [tenants[1]!.tenantId]: facts(now - 5_000, { retryAt: now + 30_000, state: 'error' }),
      [tenants[2]!.tenantId]: facts(now - 5_000, { awaitingYou: 1 }),
    };
    const scheduled = planPollRound({ tenants, summaries, now: new Date(now), options: { intervalMs } });
    expect(scheduled.due.map((config) => config.tenantId)).toEqual([tenants[2]!.tenantId]);
    expect(scheduled.skipped).toEqual({ throttled: 1, cadence: 1, firstSyncLater: 0 });
    const asked = planPollRound({ tenants, summaries, now: new Date(now), options: { intervalMs, everyTenant: true } });
    expect(asked.due.map((config) => config.tenantId).sort()).toEqual([tenants[0]!.tenantId, tenants[2]!.tenantId].sort());
  });

  it('first syncs come after the steady polls and at most firstSyncsPerRound a round, until all are done', () => {
    const synced = [tenant(1), tenant(2)];
    const fresh = Array.from({ length: 7 }, (_, index) => tenant(100 + index));
    const summaries = Object.fromEntries(synced.map((config) => [config.tenantId, facts(start - intervalMs, { awaitingYou: 1 })]));
    const polled = simulate([...fresh, ...synced], summaries, 4, { firstSyncsPerRound: 3 });
    expect(polled[0]).toEqual([...synced, ...fresh.slice(0, 3)].map((config) => config.tenantId));
    expect(polled[1]!.slice(0, 2)).toEqual(synced.map((config) => config.tenantId));
    // Then the quiet tenants whose phase it is (the first syncs of round 0, now steady), then the next first syncs.
    expect(polled[1]!.slice(-3)).toEqual(fresh.slice(3, 6).map((config) => config.tenantId));
    expect(polled[2]).toContain(fresh[6]!.tenantId);
    expect(new Set(polled.flat()).size).toBe(9);
  });

  it('keeps each tenant within its share of the hourly quota: 25 analysts at 1-minute rounds poll every other round', () => {
    expect(hourlyShare(defaultRequestBudget)).toBe(48);
    const busy = facts(start, { awaitingYou: 3, total: 120 });
    expect(budgetEveryRounds(busy, 2 * 60_000, defaultRequestBudget)).toBe(1);
    expect(budgetEveryRounds(busy, 60_000, defaultRequestBudget)).toBe(2);
    expect(budgetEveryRounds(busy, 60_000, { ...defaultRequestBudget, analysts: 10 })).toBe(1);

    const tenants = [tenant(1)];
    const oneMinute: number[] = [];
    let summaries: Record<string, Facts> = { [tenants[0]!.tenantId]: busy };
    for (let round = 0; round < 60; round += 1) {
      const now = start + round * 60_000 + 3_000;
      const plan = planPollRound({ tenants, summaries, now: new Date(now), options: { intervalMs: 60_000 } });
      if (plan.due.length > 0) {
        oneMinute.push(round);
        summaries = { [tenants[0]!.tenantId]: { ...facts(now + 1_000), summary: busy.summary } };
      }
    }
    // 30 polls an hour + the extras (reconciliation, a task read) stay within the share of 48.
    expect(oneMinute.length).toBeGreaterThanOrEqual(29);
    expect(oneMinute.length).toBeLessThanOrEqual(30);
    expect(oneMinute.every((round, index) => index === 0 || round - oneMinute[index - 1]! === 2)).toBe(true);
  });
});
