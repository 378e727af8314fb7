/**
 * How long to wait before retrying a request that failed transiently: exponential backoff with jitter,
 * bounded. "Equal jitter": half of the exponential step is fixed, half random, so retries of many
 * tenants failing together spread out but never retry immediately.
 */
export interface BackoffPolicy {
  /** The first retry waits between baseMs/2 and baseMs. */
  baseMs: number;
  /** No wait is longer than this. */
  maxMs: number;
}

/** The wait before retry number `attempt` (1 for the first retry). `random` returns [0, 1). */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(step / 2 + random() * (step / 2));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
