/**
 * One measured round of the browser bench (browser-bench-run.ts): what the worker did between the start
 * and the end of `round` (CPU from /proc and CDP's Profiler, storage writes and change events from the
 * probe, its heap), and what Graph was asked meanwhile (the fake's request log).
 */
import type { Page } from '@playwright/test';
import type { CdpSession } from './browser-bench-cdp';
import { cpuSince, cpuSnapshot, profileWorker, workerHeapBytes, type CpuSnapshot } from './browser-bench-meters';
import { takeProbeCounters, writesOf, type ProbeCounters } from './browser-bench-probe';
import { graphRequestsBetween, type BenchWorld } from './browser-bench-world';
import { storedTenantSummaries } from '../support/stored-tenant-summaries';

/** The keys the worker needs change events for (DEVELOPERS.md, Storage, decided item 3). */
const neededChangeKeys = new Set(['settings', 'signedInAccount', 'grantedScopes']);

export interface RoundFigures {
  startedAt: number;
  durationMs: number;
  cpu: CpuSnapshot;
  /** The worker's JavaScript time, sampled by CDP's Profiler, and where it went (self time). */
  workerJsMs: number;
  workerTop: string[];
  bytesWritten: number;
  writeCalls: number;
  writes: string;
  changeEvents: number;
  unneededChangeEvents: number;
  changeKeys: string;
  graphRequests: number;
  betaRequests: number;
  throttled: number;
  /** Graph requests in flight at the fake: mean over the round's wall time, and the most at once. */
  inFlight: { mean: number; max: number };
  heapBytes: number;
  badge: ProbeCounters['badge'];
}

/** Tenant states from the summaries the popup and badge read. */
export async function summaryStates(page: Page): Promise<Record<string, number> | null> {
  const tenants = await storedTenantSummaries<{ status?: { state?: string } }>(page);
  if (!tenants) return null;
  const states: Record<string, number> = {};
  for (const entry of Object.values(tenants)) {
    const state = entry.status?.state ?? 'unknown';
    if (state !== 'ok') states[state] = (states[state] ?? 0) + 1;
  }
  return states;
}

export async function roundFigures(
  world: BenchWorld,
  worker: CdpSession,
  profileDir: string,
  round: () => Promise<void>,
  /**
   * Sample the worker with CDP's Profiler. Off for the round whose thread CPU is the figure: sampling at
   * 1 kHz interrupts the worker's thread even while it waits on Graph, so a profiled 25-s round reads
   * about a millisecond of CPU per tenant more (both figures are printed).
   */
  options: { profile?: boolean } = {},
): Promise<RoundFigures> {
  const before = await cpuSnapshot(profileDir);
  const profiler = options.profile === false ? null : await profileWorker(worker);
  const startedAt = Date.now();
  await round();
  const endedAt = Date.now();
  const { busyMs: workerJsMs, top: workerTop } = profiler ? await profiler.stop() : { busyMs: Number.NaN, top: [] as string[] };
  const cpu = cpuSince(before, await cpuSnapshot(profileDir));
  const counters = await takeProbeCounters(worker);
  const writes = writesOf(counters);
  const requests = graphRequestsBetween(world.cloud, startedAt, endedAt);
  const unneeded = counters.events.filter((event) => event.keys.some((key) => !neededChangeKeys.has(key)));
  const keys = new Map<string, number>();
  for (const event of counters.events) for (const key of event.keys) keys.set(key.replace(/:.*/, ':*'), (keys.get(key.replace(/:.*/, ':*')) ?? 0) + 1);
  return {
    startedAt,
    durationMs: endedAt - startedAt,
    cpu,
    workerJsMs,
    workerTop,
    bytesWritten: writes.bytes,
    writeCalls: writes.calls,
    writes: writes.byArea,
    changeEvents: counters.events.length,
    unneededChangeEvents: unneeded.length,
    changeKeys: [...keys].map(([key, count]) => `${key} ${count}`).join(', ') || 'none',
    graphRequests: requests.length,
    betaRequests: requests.filter((request) => request.path.startsWith('/beta/')).length,
    throttled: requests.filter((request) => request.throttled).length,
    inFlight: inFlightOf(requests, startedAt, endedAt),
    heapBytes: await workerHeapBytes(worker),
    badge: counters.badge,
  };
}

/**
 * How many Graph requests the fake held at once: the mean is the sum of their times (arrival to answer)
 * over the round's wall time, so a round that polls tenants one at a time shows about 1 whatever N is.
 */
function inFlightOf(requests: readonly { time: Date; answeredAt?: Date }[], from: number, to: number): { mean: number; max: number } {
  const edges: [number, number][] = [];
  let busy = 0;
  for (const request of requests) {
    const end = request.answeredAt?.getTime() ?? to;
    busy += end - request.time.getTime();
    edges.push([request.time.getTime(), 1], [end, -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, step] of edges) max = Math.max(max, (now += step));
  return { mean: to > from ? busy / (to - from) : 0, max };
}

/** How many tenants have synced successfully at least once (null when the summaries are unreadable). */
export async function syncedTenantCount(page: Page): Promise<number | null> {
  const tenants = await storedTenantSummaries<{ lastSuccessAt?: string | null }>(page);
  return tenants ? Object.values(tenants).filter((entry) => !!entry.lastSuccessAt).length : null;
}
