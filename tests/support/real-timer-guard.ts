import { afterEach, vi } from 'vitest';

/**
 * Vitest setup file (vitest.config.ts): a unit test that schedules a REAL timer longer than 100 ms
 * fails. Real sleeps make the suite slow and racy (a 50 ms wait against a 2 s one passes until the
 * machine is busy); inject a clock or sleep instead, or use vi.useFakeTimers(), whose timers are exempt
 * (they replace the globals this wraps). Vitest's own helpers (vi.waitFor, test timeouts) keep the timers
 * they saved before setup files run, so they are not counted.
 */

const limitMs = 100;
let offences: string[] = [];

function callSite(): string {
  const frames = (new Error().stack ?? '').split('\n').slice(3);
  const own = frames.find((frame) => !frame.includes('real-timer-guard') && !frame.includes('node:internal') && !frame.includes('node_modules'));
  return (own ?? frames[0] ?? '').trim();
}

function guarded<T extends typeof setTimeout | typeof setInterval>(name: string, real: T): T {
  const wrapper = function (this: unknown, handler: unknown, delay?: unknown, ...rest: unknown[]) {
    if (typeof delay === 'number' && delay > limitMs && !vi.isFakeTimers()) offences.push(`${name}(…, ${delay}) ${callSite()}`);
    return (real as (...args: unknown[]) => unknown).call(this, handler, delay, ...rest);
  };
  // util.promisify(setTimeout) and friends read properties of the function itself.
  for (const key of Reflect.ownKeys(real)) {
    if (key === 'length' || key === 'name' || key === 'prototype') continue;
    const descriptor = Object.getOwnPropertyDescriptor(real, key);
    if (descriptor) Object.defineProperty(wrapper, key, descriptor);
  }
  return wrapper as unknown as T;
}

globalThis.setTimeout = guarded('setTimeout', globalThis.setTimeout);
globalThis.setInterval = guarded('setInterval', globalThis.setInterval);

afterEach(() => {
  const found = offences;
  offences = [];
  if (found.length > 0) {
    throw new Error(
      `This test scheduled a real timer over ${limitMs} ms (use vi.useFakeTimers() or inject a clock/sleep):\n  ${found.join('\n  ')}`,
    );
  }
});
