/**
 * The schedule bench's world (schedule-bench.ts): virtual time, and a Graph simulated at the sync's
 * ports (graph-reads.ts) with a latency per request and Defender's quotas per app per tenant.
 *
 *   VirtualTime    `sleep` parks a promise on a virtual timer; `run` lets every promise settle
 *                  (setImmediate: no real I/O is pending) and then jumps to the next timer. The CPU time
 *                  this process spends between jumps counts too (not wall time: other processes on the
 *                  machine do not slow the simulation), so the sync engine's own work delays a round as
 *                  it would in the browser. Hours of rounds take minutes.
 *   SimulatedGraph the bench tenants (generate-bench-tenants.ts) answered by page (50 incidents), each
 *                  request held 150-400 ms (median 300: half uniform below, half above), counted against
 *                  50 a minute and 1,500 an hour per tenant over sliding windows, shared by every
 *                  analyst of the app. A request past a quota gets 429 with Retry-After (the seconds until
 *                  the window has room); like utils/graph/graph-client.ts, a wait of at most 10 s is
 *                  slept and retried (twice at most), a longer one fails with GraphRequestError 429.
 */
import { GraphRequestError } from '../../utils/domain/graph-request-error';
import type { IncidentListQuery, IncidentReconcileReads, IncidentTaskLister, IncidentLister } from '../../utils/sync/graph-reads';
import { graphTimestamp } from '../fakes/graph-time';
import type { BenchTenant } from './generate-bench-tenants';

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;

/** CPU time of this process, ms (user + system). */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

export class VirtualTime {
  #offset: number;
  #timers: { at: number; resolve: () => void }[] = [];

  /** Starts at `startMs` (epoch ms: Graph's timestamps and the engine's clock are compared). */
  constructor(startMs: number) {
    this.#offset = startMs - cpuMs();
  }

  now(): number {
    return cpuMs() + this.#offset;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#timers.push({ at: this.now() + Math.max(0, ms), resolve });
    });
  }

  /** Drives virtual time until `work` settles. */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const watched = work.finally(() => {
      settled = true;
    });
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) return watched;
      if (this.#timers.length === 0) throw new Error('VirtualTime: nothing left to wait for, but the work is not done');
      this.#timers.sort((a, b) => a.at - b.at);
      const next = this.#timers.shift()!;
      const now = this.now();
      if (next.at > now) this.#offset += next.at - now;
      next.resolve();
    }
  }
}

export interface GraphMeter {
  /** The primary analyst's admitted requests per tenant (virtual ms, in order). */
  admitted: Map<string, number[]>;
  /** Of which beta task reads. */
  betaRequests: number;
  /** 429s the primary analyst got, and those that failed for good (past the client's in-place retries). */
  throttled: number;
  failedThrottled: number;
}

/** The other analysts' requests per tenant (virtual ms, sorted): they count against the same quotas. */
export type OtherAnalystsLoad = Map<string, Float64Array>;

/** How many of the sorted `times` lie in (from, to]. */
export function countBetween(times: ArrayLike<number>, from: number, to: number): number {
  const firstAfter = (value: number) => {
    let low = 0;
    let high = times.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (times[middle]! <= value) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return firstAfter(to) - firstAfter(from);
}

interface StoredIncident {
  raw: Record<string, unknown>;
  updatedMs: number;
}

export class SimulatedGraph {
  readonly meter: GraphMeter = { admitted: new Map(), betaRequests: 0, throttled: 0, failedThrottled: 0 };
  /** Set before the rounds start; empty: the primary analyst alone. */
  others: OtherAnalystsLoad = new Map();
  readonly #incidents = new Map<string, StoredIncident[]>();
  #seed = 1;

  constructor(
    readonly time: VirtualTime,
    tenants: readonly BenchTenant[],
    readonly latency = { minMs: 150, medianMs: 300, maxMs: 400 },
    readonly quotas = { perMinute: 50, perHour: 1500 },
  ) {
    for (const tenant of tenants) {
      this.#incidents.set(
        tenant.tenantId,
        tenant.incidents.map((raw) => ({ raw: raw as unknown as Record<string, unknown>, updatedMs: Date.parse(String(raw.lastUpdateDateTime)) })),
      );
    }
  }

  #random(): number {
    this.#seed = (Math.imul(this.#seed, 1103515245) + 12345) >>> 0;
    return this.#seed / 4294967296;
  }

  #delayMs(): number {
    const { minMs, medianMs, maxMs } = this.latency;
    const roll = this.#random();
    return roll < 0.5 ? minMs + (roll / 0.5) * (medianMs - minMs) : medianMs + ((roll - 0.5) / 0.5) * (maxMs - medianMs);
  }

  /**
   * Counts the primary analyst's request against the tenant's quotas, the other analysts' requests
   * included: the seconds to wait when refused (a whole window's worth at most), else 0.
   */
  admit(tenantId: string, at: number): number {
    const times = this.meter.admitted.get(tenantId) ?? [];
    this.meter.admitted.set(tenantId, times);
    const others = this.others.get(tenantId) ?? new Float64Array();
    const inMinute = countBetween(times, at - minuteMs, at) + countBetween(others, at - minuteMs, at);
    const inHour = countBetween(times, at - hourMs, at) + countBetween(others, at - hourMs, at);
    if (inMinute >= this.quotas.perMinute) return 60;
    if (inHour >= this.quotas.perHour) return 3600;
    times.push(at);
    return 0;
  }

  /** One request as the Graph client sends it: latency, the quota, in-place retries of short 429s. */
  async request<T>(tenantId: string, answer: () => T): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      await this.time.sleep(this.#delayMs());
      const wait = this.admit(tenantId, this.time.now());
      if (wait === 0) return answer();
      this.meter.throttled += 1;
      if (wait > 10 || attempt >= 2) {
        this.meter.failedThrottled += 1;
        throw new GraphRequestError({ status: 429, code: 'TooManyRequests', message: 'Rate limit exceeded', retryAfterSeconds: wait });
      }
      await this.time.sleep(wait * 1000);
    }
  }

  #matcher(filter: string | undefined): (incident: StoredIncident) => boolean {
    if (filter === undefined) return () => true;
    const since = /lastUpdateDateTime ge (\S+)/.exec(filter);
    const sinceMs = since ? Date.parse(since[1]!) : Number.NaN;
    const openOnly = filter.includes("status ne 'resolved'");
    if (!openOnly && !since) throw new Error(`SimulatedGraph: unexpected $filter ${filter}`);
    return (incident) => (openOnly && incident.raw['status'] !== 'resolved') || (since !== null && incident.updatedMs >= sinceMs);
  }

  async *#pages(tenantId: string, filter: string | undefined, shape: (raw: Record<string, unknown>) => unknown): AsyncGenerator<unknown[], void, undefined> {
    const matching = (this.#incidents.get(tenantId) ?? []).filter(this.#matcher(filter));
    for (let start = 0; start === 0 || start < matching.length; start += 50) {
      const page = matching.slice(start, start + 50);
      yield await this.request(tenantId, () => page.map((incident) => shape(incident.raw)));
    }
  }

  /** The ports of one tenant, for the primary analyst's real sync engine. */
  portsFor(tenantId: string): IncidentLister & IncidentReconcileReads & IncidentTaskLister {
    return {
      listIncidents: (query?: IncidentListQuery) => this.#pages(tenantId, query?.filter, (raw) => structuredClone(raw)),
      listIncidentIds: (query) =>
        this.#pages(tenantId, query.filter, (raw) => ({ id: raw['id'], status: raw['status'], lastUpdateDateTime: raw['lastUpdateDateTime'] })),
      getIncident: (id) =>
        this.request(tenantId, () => {
          const found = this.#incidents.get(tenantId)?.find((incident) => incident.raw['id'] === id);
          if (!found) throw new GraphRequestError({ status: 404, code: 'NotFound', message: 'No incident' });
          return structuredClone(found.raw);
        }),
      listIncidentTasks: () =>
        this.request(tenantId, () => {
          this.meter.betaRequests += 1;
          return [];
        }),
    };
  }

  /**
   * A handoff: Defender Experts hand an incident they were investigating to the customer (awaiting
   * action), or report a hunting finding (a new "Defender Experts: ..." incident). Null when the tenant
   * has no incident with Defender Experts to hand over.
   */
  handOff(tenantId: string, kind: 'awaiting' | 'hunting'): string | null {
    const incidents = this.#incidents.get(tenantId) ?? [];
    const at = this.time.now();
    if (kind === 'hunting') {
      const model = incidents[0];
      if (!model) return null;
      const id = String(900_000 + incidents.length);
      const raw = {
        ...structuredClone(model.raw),
        id,
        status: 'active',
        assignedTo: null,
        classification: 'unknown',
        displayName: 'Defender Experts: suspicious activity found while hunting',
        createdDateTime: graphTimestamp(at),
        lastUpdateDateTime: graphTimestamp(at),
        redirectIncidentId: null,
        incidentWebUrl: `https://security.microsoft.com/incident2/${id}/overview?tid=${tenantId}`,
      };
      incidents.push({ raw, updatedMs: at });
      return id;
    }
    const candidate = incidents.find(
      (incident) => incident.raw['assignedTo'] === 'Defender Experts' && (incident.raw['status'] === 'inProgress' || incident.raw['status'] === 'active'),
    );
    if (!candidate) return null;
    candidate.raw = { ...candidate.raw, status: 'awaitingAction', assignedTo: 'Customer', lastUpdateDateTime: graphTimestamp(at) };
    candidate.updatedMs = at;
    return String(candidate.raw['id']);
  }

  /** Open incidents of a tenant (for the other analysts' reconciliation pages). */
  openCount(tenantId: string): number {
    return (this.#incidents.get(tenantId) ?? []).filter((incident) => incident.raw['status'] !== 'resolved').length;
  }
}
