import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { backoffDelayMs, sleep, type BackoffPolicy } from './retry-backoff';
import { discardBody, nextMiddleware } from './middleware-chain';

/**
 * What the library's RetryHandler leaves out: it retries only 429, 503 and 504, and a fetch that throws
 * (dropped connection, DNS, TLS) is not retried at all. This handler sits after it, next to the fetch,
 * and retries 500 and 502 answers and network errors (fetch's TypeError) with bounded exponential
 * backoff and jitter. Only GET and HEAD: re-sending a write whose answer was lost could apply it twice.
 */
export interface TransientFailureRetryOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  backoff: BackoffPolicy;
  random?: () => number;
}

const retriedStatuses: ReadonlySet<number> = new Set([500, 502]);

function isIdempotent(context: Context): boolean {
  const method = (context.options?.method ?? 'GET').toUpperCase();
  return method === 'GET' || method === 'HEAD';
}

export class TransientFailureRetryHandler implements Middleware {
  #next: Middleware | undefined;

  constructor(private readonly options: TransientFailureRetryOptions) {}

  setNext(next: Middleware): void {
    this.#next = next;
  }

  async execute(context: Context): Promise<void> {
    const next = nextMiddleware(this.#next);
    const signal = context.options?.signal ?? null;
    const retryable = isIdempotent(context);
    for (let retry = 1; ; retry += 1) {
      const lastChance = !retryable || retry > this.options.maxRetries;
      try {
        await next.execute(context);
        if (lastChance || !retriedStatuses.has(context.response?.status ?? 0)) return;
        await discardBody(context.response);
      } catch (error) {
        // Only network failures: an abort or anything else is not transient.
        if (lastChance || signal?.aborted || !(error instanceof TypeError)) throw error;
      }
      await sleep(backoffDelayMs(retry, this.options.backoff, this.options.random), signal);
    }
  }
}
