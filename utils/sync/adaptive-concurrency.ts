/**
 * How many tenants a round polls at once, adapted to what Graph answers (additive increase,
 * multiplicative decrease, as TCP does):
 *
 *   a request answered within the latency bound   +1/limit (about +1 per `limit` answers)
 *   a request slower than the bound               x0.75, at most once per `limit` answers
 *   a 429 (Graph throttled, past the client's retries)  x0.5, and no increase for `coolDownMs`
 *
 * The bound is twice the lowest smoothed latency seen lately, plus `latencySlackMs`: a browser queueing
 * requests (HTTP/1.1 allows 6 connections a host) or a slowing Graph shows as latency before it shows
 * as failures. "Lately": the lowest is forgotten after `floorWindowMs` (as BBR forgets its minimum RTT
 * after 10 s), or one fast moment (a quiet night, a first sync before Graph slowed) would hold every
 * later answer "too slow" and the limit at its minimum for good (the browser bench saw 1.9 tenants in
 * flight at 500 tenants). Per-tenant quotas do not depend on this number (one poll is one request to one tenant);
 * it only decides how fast a round gets through its tenants. Pure: the clock is injected.
 */

export interface AdaptiveConcurrencyOptions {
  initial?: number;
  min?: number;
  max?: number;
  latencySlackMs?: number;
  coolDownMs?: number;
  floorWindowMs?: number;
  clock?: () => number;
}

export interface RequestOutcome {
  latencyMs: number;
  throttled?: boolean;
}

export interface ConcurrencyController {
  /** The whole number of tenants to poll at once now. */
  readonly limit: number;
  record(outcome: RequestOutcome): void;
  /** What it saw, for the bench: lowest and highest limit, decreases by cause. */
  readonly stats: { lowest: number; highest: number; throttleDecreases: number; latencyDecreases: number };
}

export const defaultConcurrency = { initial: 4, min: 2, max: 16, latencySlackMs: 100, coolDownMs: 30_000, floorWindowMs: 10_000 } as const;

export function createAdaptiveConcurrency(options: AdaptiveConcurrencyOptions = {}): ConcurrencyController {
  const min = Math.max(1, Math.floor(options.min ?? defaultConcurrency.min));
  const max = Math.max(min, Math.floor(options.max ?? defaultConcurrency.max));
  const slack = options.latencySlackMs ?? defaultConcurrency.latencySlackMs;
  const coolDownMs = options.coolDownMs ?? defaultConcurrency.coolDownMs;
  const floorWindowMs = options.floorWindowMs ?? defaultConcurrency.floorWindowMs;
  const clock = options.clock ?? (() => Date.now());
  let limit = Math.min(max, Math.max(min, options.initial ?? defaultConcurrency.initial));
  let smoothed: number | null = null;
  // The lowest smoothed latency of this window and of the one before: the floor is the lower of the two,
  // so it is always the lowest of the last one to two windows (never just the latest sample).
  let windowLowest = Number.POSITIVE_INFINITY;
  let previousWindowLowest = Number.POSITIVE_INFINITY;
  let windowStartedAt = Number.NEGATIVE_INFINITY;
  let answersSinceDecrease = Number.POSITIVE_INFINITY;
  let noIncreaseUntil = Number.NEGATIVE_INFINITY;
  const stats = { lowest: Math.floor(limit), highest: Math.floor(limit), throttleDecreases: 0, latencyDecreases: 0 };

  const set = (next: number) => {
    limit = Math.min(max, Math.max(min, next));
    stats.lowest = Math.min(stats.lowest, Math.floor(limit));
    stats.highest = Math.max(stats.highest, Math.floor(limit));
  };

  return {
    get limit() {
      return Math.floor(limit);
    },
    stats,
    record(outcome) {
      const now = clock();
      answersSinceDecrease += 1;
      if (outcome.throttled) {
        set(limit * 0.5);
        stats.throttleDecreases += 1;
        answersSinceDecrease = 0;
        noIncreaseUntil = now + coolDownMs;
        return;
      }
      if (!Number.isFinite(outcome.latencyMs) || outcome.latencyMs < 0) return;
      smoothed = smoothed === null ? outcome.latencyMs : smoothed * 0.8 + outcome.latencyMs * 0.2;
      if (now - windowStartedAt > floorWindowMs) {
        previousWindowLowest = windowStartedAt === Number.NEGATIVE_INFINITY ? Number.POSITIVE_INFINITY : windowLowest;
        windowLowest = Number.POSITIVE_INFINITY;
        windowStartedAt = now;
      }
      windowLowest = Math.min(windowLowest, smoothed);
      const floorLatency = Math.min(windowLowest, previousWindowLowest);
      if (smoothed > 2 * floorLatency + slack) {
        if (answersSinceDecrease >= limit) {
          set(limit * 0.75);
          stats.latencyDecreases += 1;
          answersSinceDecrease = 0;
        }
        return;
      }
      if (now >= noIncreaseUntil) set(limit + 1 / limit);
    },
  };
}

/**
 * `work` for every item, at most `controller.limit` at a time (read again whenever one finishes),
 * results in the items' order. As mapWithConcurrency, a rejection rejects the whole call.
 */
export async function mapWithAdaptiveConcurrency<T, R>(
  items: readonly T[],
  controller: Pick<ConcurrencyController, 'limit'>,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let running = 0;
  return new Promise<R[]>((resolve, reject) => {
    let failed = false;
    const fill = () => {
      if (failed) return;
      if (next >= items.length && running === 0) {
        resolve(results);
        return;
      }
      while (next < items.length && running < Math.max(1, controller.limit)) {
        const index = next;
        next += 1;
        running += 1;
        work(items[index] as T, index).then(
          (result) => {
            results[index] = result;
            running -= 1;
            fill();
          },
          (error: unknown) => {
            failed = true;
            reject(error);
          },
        );
      }
    };
    fill();
  });
}
