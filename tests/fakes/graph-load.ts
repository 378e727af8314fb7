/**
 * Load the fake Graph can put on a client, for the browser bench (tests/bench/browser-bench*.ts); both
 * are off by default, so tests see no change:
 *
 *   latency   every request to graph.microsoft.com waits before it is answered: half the waits uniform
 *             in [minMs, medianMs], half in [medianMs, maxMs], so the median is medianMs
 *   throttle  Defender's documented quotas for its incidents API, "up to 50 calls per minute or 1,500
 *             calls per hour" (https://learn.microsoft.com/defender-xdr/api-incident, "Quotas and
 *             resource allocation"; Graph documents no incident-specific limit, so these are the ones to
 *             plan for), counted per app (the token's `appid`) per tenant (its `tid`) over sliding
 *             windows, for requests under /security/. A request past either quota is answered 429 with
 *             Retry-After (seconds until the oldest counted request leaves the window) and not counted.
 */
import { decodeJwtPayload } from './fake-jwt';
import type { FakeRequest } from './fake-http';

export interface GraphLatency {
  minMs: number;
  medianMs: number;
  maxMs: number;
}

export interface GraphThrottle {
  perMinute: number;
  perHour: number;
}

export interface GraphLoadOptions {
  latency?: GraphLatency | null;
  throttle?: GraphThrottle | null;
}

/** Defender's incidents API quotas (see the file comment). */
export const defenderIncidentQuotas: GraphThrottle = { perMinute: 50, perHour: 1500 };

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;

export interface ThrottleVerdict {
  /** `${appid}|${tid}` of the token; undefined when the request carried no readable token. */
  key: string | undefined;
  /** Seconds to wait, when the request is refused. */
  retryAfterSeconds?: number;
}

export class GraphLoad {
  latency: GraphLatency | null = null;
  throttle: GraphThrottle | null = null;
  /** Admitted request times (ms) per app and tenant, oldest first, the last hour only. */
  readonly #admitted = new Map<string, number[]>();
  /** 429s answered per app and tenant. */
  readonly throttled = new Map<string, number>();

  constructor(private readonly random: () => number = Math.random) {}

  configure(options: GraphLoadOptions): void {
    if (options.latency !== undefined) this.latency = options.latency;
    if (options.throttle !== undefined) this.throttle = options.throttle;
  }

  reset(): void {
    this.latency = null;
    this.throttle = null;
    this.#admitted.clear();
    this.throttled.clear();
  }

  /** How long to hold this Graph request (0 when latency is off). */
  delayMs(): number {
    const latency = this.latency;
    if (!latency) return 0;
    const roll = this.random();
    return roll < 0.5
      ? latency.minMs + (roll / 0.5) * (latency.medianMs - latency.minMs)
      : latency.medianMs + ((roll - 0.5) / 0.5) * (latency.maxMs - latency.medianMs);
  }

  /** Counts the request against its app's quota in its tenant; says when it is refused. */
  admit(request: FakeRequest, now: number): ThrottleVerdict {
    const limits = this.throttle;
    if (!limits || request.method === 'OPTIONS' || !request.url.pathname.includes('/security/')) return { key: undefined };
    const token = /^Bearer (.+)$/i.exec(request.headers['authorization'] ?? '')?.[1];
    const claims = token ? decodeJwtPayload(token) : undefined;
    if (!claims || typeof claims['tid'] !== 'string' || typeof claims['appid'] !== 'string') return { key: undefined };
    const key = `${claims['appid']}|${claims['tid']}`;
    const times = this.#admitted.get(key) ?? [];
    this.#admitted.set(key, times);
    while (times.length > 0 && times[0]! <= now - hourMs) times.shift();
    let inLastMinute = 0;
    for (let index = times.length - 1; index >= 0 && times[index]! > now - minuteMs; index -= 1) inLastMinute += 1;
    const waitMs =
      inLastMinute >= limits.perMinute
        ? times[times.length - limits.perMinute]! + minuteMs - now
        : times.length >= limits.perHour
          ? times[times.length - limits.perHour]! + hourMs - now
          : 0;
    if (waitMs > 0) {
      this.throttled.set(key, (this.throttled.get(key) ?? 0) + 1);
      return { key, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    times.push(now);
    return { key };
  }
}
