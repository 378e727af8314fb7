import { afterEach, beforeEach, vi } from 'vitest';

/**
 * For unit tests that reach Graph (the fake cloud over real sockets) through code that waits: the
 * Retry-After and backoff sleeps of the Graph client, the fake cloud's scripted delays. Timers are
 * vitest's fake ones, and whenever any is pending the next one fires at once, in due-time order: a
 * 1-second Retry-After costs nothing, and "abort after 50 ms" always beats "answer after 2 s", however
 * busy the machine. Sockets and Date stay real. What a test asserts about a wait, it asserts about
 * the requested duration (the sleep it asked for), never about wall-clock time.
 *
 * Call once at the top level of a test file: `const timers = useInstantTimers()`; `timers.delays()` lists
 * the setTimeout delays (ms) the current test asked for, e.g. the 1,000 ms of a `Retry-After: 1`.
 */
export function useInstantTimers(): { delays(): number[] } {
  const realSetTimeout = globalThis.setTimeout;
  let running = false;
  let delays: number[] = [];

  const pump = () => {
    if (!running) return;
    if (vi.getTimerCount() > 0) {
      vi.advanceTimersToNextTimer();
      setImmediate(pump);
    } else {
      // Nothing pending: look again shortly (the sockets keep working meanwhile).
      realSetTimeout(pump, 1);
    }
  };

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    delays = [];
    const fakeSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = ((handler: () => void, ms?: number, ...rest: unknown[]) => {
      delays.push(ms ?? 0);
      return fakeSetTimeout(handler, ms, ...rest);
    }) as typeof setTimeout;
    running = true;
    realSetTimeout(pump, 0);
  });

  afterEach(() => {
    running = false;
    vi.useRealTimers(); // also puts back the setTimeout the recording wrapper replaced
  });

  return { delays: () => [...delays] };
}
