/**
 * The poll schedule at MSSP scale, in simulated time (schedule-bench-world.ts): one analyst's browser
 * running the real sync engine (planPollRound, syncAllTenants with the adaptive concurrency, pollTenant,
 * the hourly reconciliation, the open-task reads) against 500 tenants x 300 incidents (BENCH_SCHEDULE_TENANTS,
 * BENCH_INCIDENTS), Graph answering in 150-400 ms (median 300) under Defender's quotas (50 a minute, 1,500
 * an hour per app per tenant), while the other analysts of the app (BENCH_ANALYSTS, default 25 in all)
 * poll the same tenants with the same schedule, each at its own phase of the interval.
 *
 * Rounds start every poll interval (BENCH_INTERVAL_MINUTES, default the settings' default), as the
 * alarm starts them; a round that overruns delays the next. Phase 1: the first sync (rounds until every
 * tenant has synced); phase 2: an hour of rounds with Defender Experts handing incidents over at random
 * times (BENCH_HANDOFFS). Printed: round duration vs interval, requests per tenant (per round polled, per
 * minute and per hour against the quotas), 429s, handoff-to-badge (the badge is redrawn at a round's end).
 * Every figure is measured in this run; nothing here is asserted.
 */
import { defaultSettings, tenantConfigSchema } from '../../utils/domain/settings';
import { createAdaptiveConcurrency } from '../../utils/sync/adaptive-concurrency';
import { openGuidedTaskCounts } from '../../utils/sync/open-task-counts';
import { isBusy, keyPhase, planPollRound } from '../../utils/sync/poll-schedule';
import { syncAllTenants } from '../../utils/sync/sync-all-tenants';
import { mergeTenantSummaries, type TenantSummaries } from '../../utils/sync/tenant-summaries';
import type { TenantCacheStore } from '../../utils/sync/sync-all-tenants';
import type { TenantCache } from '../../utils/sync/tenant-cache';
import type { BenchSection } from './bench-section';
import { formatCount, formatMs, formatTable } from './format-table';
import { generateBenchTenant } from './generate-bench-tenants';
import { countBetween, SimulatedGraph, VirtualTime, type OtherAnalystsLoad } from './schedule-bench-world';

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

interface RoundFigures {
  index: number;
  startedAt: number;
  ms: number;
  polled: number;
  firstSyncs: number;
  requests: number;
  beta: number;
  reconcile: number;
  throttled: number;
  concurrency: number;
}

const max = (values: readonly number[]) => values.reduce((most, value) => Math.max(most, value), 0);

const percentile = (values: readonly number[], p: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/**
 * The other analysts' requests: each polls every tenant the schedule has due in its rounds (busy ones
 * every round, quiet ones every other on the tenant's phase), each poll at a random point of a round of
 * `roundMs`, plus its hourly reconciliation pages and, for tenants with incidents awaiting, an hourly
 * task read, at random minutes. Busy is judged once, from the generated data.
 */
function otherAnalystsLoad(input: {
  analysts: number;
  tenants: readonly { tenantId: string; busy: boolean; open: number; awaiting: boolean }[];
  from: number;
  to: number;
  intervalMs: number;
  roundMs: number;
  random: () => number;
}): OtherAnalystsLoad {
  const perTenant = new Map<string, number[]>(input.tenants.map((tenant) => [tenant.tenantId, []]));
  for (let analyst = 0; analyst < input.analysts; analyst += 1) {
    const phase = input.random() * input.intervalMs;
    for (let start = input.from + phase, round = 0; start < input.to; start += input.intervalMs, round += 1) {
      for (const tenant of input.tenants) {
        if (!tenant.busy && (round + keyPhase(tenant.tenantId, 2)) % 2 !== 0) continue;
        perTenant.get(tenant.tenantId)!.push(start + input.random() * input.roundMs);
      }
    }
    for (const tenant of input.tenants) {
      for (let hour = input.from; hour < input.to; hour += hourMs) {
        const at = hour + input.random() * hourMs;
        for (let page = 0; page < Math.max(1, Math.ceil(tenant.open / 50)); page += 1) perTenant.get(tenant.tenantId)!.push(at + page * 300);
        if (tenant.awaiting) perTenant.get(tenant.tenantId)!.push(hour + input.random() * hourMs);
      }
    }
  }
  return new Map([...perTenant].map(([tenantId, times]) => [tenantId, Float64Array.from(times.sort((a, b) => a - b))]));
}

/** The busiest minute and hour of one tenant's requests (sorted times), by sliding windows ending at each request. */
function peaks(times: ArrayLike<number>): { minute: number; hour: number } {
  let minute = 0;
  let hour = 0;
  for (let index = 0; index < times.length; index += 1) {
    const at = times[index]!;
    minute = Math.max(minute, countBetween(times, at - minuteMs, at));
    hour = Math.max(hour, countBetween(times, at - hourMs, at));
  }
  return { minute, hour };
}

async function run(): Promise<string> {
  const tenantCount = envNumber('BENCH_SCHEDULE_TENANTS', 500);
  const incidentsPerTenant = envNumber('BENCH_INCIDENTS', 300);
  const analysts = envNumber('BENCH_ANALYSTS', 25);
  const intervalMs = envNumber('BENCH_INTERVAL_MINUTES', defaultSettings.pollIntervalMinutes) * minuteMs;
  const handoffCount = envNumber('BENCH_HANDOFFS', 100);
  const started = performance.now();
  const startMs = Date.now();
  const bench = Array.from({ length: tenantCount }, (_, index) => generateBenchTenant(index, incidentsPerTenant, startMs));
  const time = new VirtualTime(startMs);
  const graph = new SimulatedGraph(time, bench);
  const configs = bench.map((tenant) =>
    tenantConfigSchema.parse({ tenantId: tenant.tenantId, resolvedTenantId: tenant.tenantId, displayName: tenant.displayName, service: tenant.service }),
  );
  const configuredKeys = new Set(configs.map((config) => config.tenantId));
  let seed = 7;
  const random = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };

  // The other analysts run all along (this analyst joins a team already polling): their load first.
  const open = (tenant: (typeof bench)[number]) => tenant.incidents.filter((incident) => incident.status !== 'resolved' && incident.status !== 'redirected');
  graph.others = otherAnalystsLoad({
    analysts: analysts - 1,
    tenants: bench.map((tenant) => ({
      tenantId: tenant.tenantId,
      busy: open(tenant).some((incident) => incident.status === 'awaitingAction' || incident.assignedTo === 'Defender Experts'),
      open: open(tenant).length,
      awaiting: tenant.service === 'xdr' && open(tenant).some((incident) => incident.status === 'awaitingAction'),
    })),
    from: startMs,
    to: startMs + 2 * hourMs,
    intervalMs,
    roundMs: 15_000,
    random,
  });

  // The caches stay as objects: storage's own cost (JSON and schema on every read and write) is the sync
  // bench's and the browser bench's to measure; here it would only slow hours of simulated rounds down.
  const caches = new Map<string, TenantCache>();
  const store = {
    read: async (key: string) => caches.get(key) ?? null,
    write: async (cache: TenantCache) => void caches.set(cache.tenantKey, cache),
  } satisfies TenantCacheStore;
  const controller = createAdaptiveConcurrency({ clock: () => time.now() });
  let summaries: TenantSummaries = {};
  const rounds: RoundFigures[] = [];

  async function round(index: number): Promise<RoundFigures> {
    const startedAt = time.now();
    const requestsBefore = [...graph.meter.admitted.values()].reduce((sum, times) => sum + times.length, 0);
    const betaBefore = graph.meter.betaRequests;
    const throttledBefore = graph.meter.throttled;
    const plan = planPollRound({ tenants: configs, summaries, now: new Date(startedAt), options: { intervalMs } });
    const results = await syncAllTenants({
      tenants: plan.due,
      store,
      graphFor: (tenant) => graph.portsFor(tenant.tenantId),
      clock: () => new Date(time.now()),
      concurrency: controller,
      reconcile: { intervalMs: hourMs },
    });
    const succeeded = results.filter((result) => result.cache.status.state === 'ok');
    const taskCounts = await openGuidedTaskCounts(succeeded, (tenant) => graph.portsFor(tenant.tenantId), {
      previous: summaries,
      now: new Date(startedAt),
    });
    summaries = mergeTenantSummaries(summaries, results.map((result) => result.cache), configuredKeys, taskCounts);
    const requestsAfter = [...graph.meter.admitted.values()].reduce((sum, times) => sum + times.length, 0);
    return {
      index,
      startedAt,
      ms: time.now() - startedAt,
      polled: plan.due.length,
      firstSyncs: [...plan.reasons.values()].filter((reason) => reason === 'firstSync').length,
      requests: requestsAfter - requestsBefore,
      beta: graph.meter.betaRequests - betaBefore,
      reconcile: results.reduce((sum, result) => sum + (result.reconciliation?.requests ?? 0), 0),
      throttled: graph.meter.throttled - throttledBefore,
      concurrency: controller.limit,
    };
  }

  const synced = () => Object.values(summaries).filter((entry) => entry.lastSuccessAt !== null).length;
  /** Rounds at every interval from `from`; a round that overruns starts the next one late. */
  async function roundsUntil(stop: (figures: RoundFigures) => boolean, onRoundEnd?: (figures: RoundFigures) => void): Promise<void> {
    for (;;) {
      const figures = await time.run(round(rounds.length));
      rounds.push(figures);
      // A long run shows its rounds as they end (BENCH_PROGRESS=1), on stderr.
      if (process.env['BENCH_PROGRESS']) console.error(JSON.stringify(figures));
      onRoundEnd?.(figures);
      if (stop(figures)) return;
      const next = figures.startedAt + intervalMs;
      if (next > time.now()) await time.run(time.sleep(next - time.now()));
    }
  }

  // Phase 1: the first sync.
  await roundsUntil(() => synced() === tenantCount);
  const firstSyncRounds = rounds.length;
  const firstSyncMs = rounds.at(-1)!.startedAt + rounds.at(-1)!.ms - rounds[0]!.startedAt;
  const firstSyncPeak = rounds.reduce((most, figures) => Math.max(most, figures.ms), 0);

  // Phase 2: an hour of scheduled rounds, Defender Experts handing incidents over at random times.
  const steadyFrom = time.now() + (rounds.at(-1)!.startedAt + intervalMs - time.now());
  const candidates = bench.filter((tenant) => tenant.service !== 'none');
  // Four in five: Defender Experts hand an incident they investigated to the customer; one in five: a
  // hunting finding, which may land in a quiet tenant.
  const handoffs = Array.from({ length: handoffCount }, (_, index) => ({
    tenantId: candidates[Math.floor(random() * candidates.length)]!.tenantId,
    kind: index % 5 === 4 ? ('hunting' as const) : ('awaiting' as const),
    at: steadyFrom + random() * (hourMs - intervalMs),
    incidentId: null as string | null,
    seenAt: null as number | null,
  })).sort((a, b) => a.at - b.at);
  const pending = [...handoffs];
  const handOffDue = () => {
    while (pending.length > 0 && pending[0]!.at <= time.now()) {
      const handoff = pending.shift()!;
      handoff.incidentId = graph.handOff(handoff.tenantId, handoff.kind);
      handoff.at = time.now();
    }
  };
  const timers = handoffs.map((handoff) => time.sleep(handoff.at - time.now()).then(handOffDue));
  void timers;
  const steadyStart = rounds.length;
  await time.run(time.sleep(Math.max(0, steadyFrom - time.now())));
  await roundsUntil(
    (figures) => figures.startedAt + figures.ms >= steadyFrom + hourMs,
    (figures) => {
      const badgeAt = figures.startedAt + figures.ms;
      for (const handoff of handoffs) {
        if (handoff.incidentId === null || handoff.seenAt !== null || handoff.at > badgeAt) continue;
        const entry = summaries[handoff.tenantId];
        // Seen once the tenant was polled after the handoff (the badge is redrawn at the round's end).
        if (entry?.lastAttemptAt && Date.parse(entry.lastAttemptAt) >= handoff.at && entry.status.state === 'ok') handoff.seenAt = badgeAt;
      }
    },
  );
  const steady = rounds.slice(steadyStart);
  const delaysOf = (kind?: 'awaiting' | 'hunting') =>
    handoffs.filter((handoff) => handoff.seenAt !== null && (kind === undefined || handoff.kind === kind)).map((handoff) => handoff.seenAt! - handoff.at);
  const delays = delaysOf();
  const delayText = (values: number[]) => `${formatMs(percentile(values, 50))} / ${formatMs(percentile(values, 95))} / ${formatMs(max(values))}`;

  // Requests per tenant: this analyst alone, and all analysts together, over the steady hour.
  const steadyEnd = steady.at(-1)!.startedAt + steady.at(-1)!.ms;
  const window = (times: ArrayLike<number>) => Array.from(times).filter((at) => at >= steadyFrom && at <= steadyEnd);
  const mine = bench.map((tenant) => window(graph.meter.admitted.get(tenant.tenantId) ?? []));
  const everyone = bench.map((tenant, index) => [...mine[index]!, ...window(graph.others.get(tenant.tenantId) ?? [])].sort((a, b) => a - b));
  const minePeaks = mine.map(peaks);
  const allPeaks = everyone.map(peaks);
  const steadyHourMs = steadyEnd - steadyFrom;
  const perHour = (count: number) => (count * hourMs) / steadyHourMs;
  const busyNow = Object.values(summaries).filter(isBusy).length;
  const polledPerRound = steady.reduce((sum, figures) => sum + figures.polled, 0) / steady.length;
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
  const polledInSteady = sum(steady.map((figures) => figures.polled));
  const pollRequests = sum(steady.map((figures) => figures.requests - figures.beta - figures.reconcile));
  const roundRows = rounds.map((figures) => [
    String(figures.index + 1),
    figures.index < firstSyncRounds ? 'first sync' : 'steady',
    formatMs(figures.ms),
    `${((figures.ms / intervalMs) * 100).toFixed(0)}%`,
    formatCount(figures.polled),
    formatCount(figures.firstSyncs),
    formatCount(figures.requests),
    formatCount(figures.beta),
    formatCount(figures.reconcile),
    formatCount(figures.throttled),
    String(figures.concurrency),
  ]);
  const table = formatTable(['round', 'phase', 'duration', 'of interval', 'tenants polled', 'first syncs', 'requests', 'beta', 'reconcile', '429s', 'concurrency after'], roundRows);
  const facts = formatTable(
    ['measured', 'value'],
    [
      ['tenants x incidents, poll interval, analysts sharing the app', `${formatCount(tenantCount)} x ${formatCount(incidentsPerTenant)}, ${intervalMs / minuteMs} min, ${analysts}`],
      ['Graph latency (simulated), quotas per app per tenant', '150-400 ms, median 300; 50/min, 1,500/h'],
      ['first sync: rounds, time until every tenant synced, longest round', `${firstSyncRounds}, ${formatMs(firstSyncMs)}, ${formatMs(firstSyncPeak)}`],
      ['steady rounds: count, duration p50 / p95 / max', `${steady.length}, ${formatMs(percentile(steady.map((f) => f.ms), 50))} / ${formatMs(percentile(steady.map((f) => f.ms), 95))} / ${formatMs(max(steady.map((f) => f.ms)))}`],
      ['rounds longer than the interval (all phases)', String(rounds.filter((figures) => figures.ms > intervalMs).length)],
      ['steady: tenants polled per round (busy at the end / all)', `${polledPerRound.toFixed(0)} (${busyNow} / ${tenantCount})`],
      ['steady: Graph requests per polled tenant per round: polls / + beta task reads / + reconciliation', `${(pollRequests / polledInSteady).toFixed(3)} / ${((pollRequests + sum(steady.map((f) => f.beta))) / polledInSteady).toFixed(3)} / ${(sum(steady.map((f) => f.requests)) / polledInSteady).toFixed(3)}`],
      ['steady: beta task reads and reconciliation requests per round (mean / max)', `${(sum(steady.map((f) => f.beta)) / steady.length).toFixed(1)} / ${max(steady.map((f) => f.beta))}; ${(sum(steady.map((f) => f.reconcile)) / steady.length).toFixed(1)} / ${max(steady.map((f) => f.reconcile))}`],
      ['this analyst, per tenant: requests per hour (mean / max), busiest minute (max)', `${(mine.reduce((s, t) => s + perHour(t.length), 0) / tenantCount).toFixed(1)} / ${max(mine.map((t) => perHour(t.length))).toFixed(0)}, ${max(minePeaks.map((p) => p.minute))}`],
      [`all ${analysts} analysts, per tenant: requests in the busiest hour and minute (max over tenants) vs 1,500 / 50`, `${max(allPeaks.map((p) => p.hour))}, ${max(allPeaks.map((p) => p.minute))}`],
      ['429s to this analyst: answered / failed for good (tenant waited for Retry-After)', `${graph.meter.throttled} / ${graph.meter.failedThrottled}`],
      ['tenants not ok after the last round', String(Object.values(summaries).filter((entry) => entry.status.state !== 'ok').length)],
      ['concurrency: lowest / highest / now', `${controller.stats.lowest} / ${controller.stats.highest} / ${controller.limit}`],
      ['handoffs seen / made; handoff-to-badge p50 / p95 / max (goal p95 <= interval + 30 s)', `${delays.length} / ${handoffs.filter((h) => h.incidentId !== null).length}; ${delayText(delays)}`],
      ['  of which awaiting action (busy tenants) / hunting findings (any tenant): p50 / p95 / max', `${delayText(delaysOf('awaiting'))}; ${delayText(delaysOf('hunting'))}`],
      ['simulated time; bench wall time', `${formatMs(time.now() - startMs)}; ${formatMs(performance.now() - started)}`],
    ],
  );
  return `${table}\n\n${facts}`;
}

export const scheduleBench: BenchSection = {
  name: 'schedule',
  title: 'Poll schedule at 500 tenants: rounds vs interval, requests per tenant vs Defender quotas (simulated time)',
  run,
};
