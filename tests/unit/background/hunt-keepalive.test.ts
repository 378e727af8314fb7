// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { createHuntKeepAlive, huntKeepAliveIntervalMs } from '@/utils/background/hunt-keepalive';

function fakeTimers() {
  const intervals = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  return {
    intervals,
    setInterval: vi.fn((callback: () => void, ms: number) => {
      intervals.set(next, { callback, ms });
      return next++;
    }),
    clearInterval: vi.fn((handle: unknown) => void intervals.delete(handle as number)),
    tick: () => [...intervals.values()].forEach(({ callback }) => callback()),
  };
}

describe('hunt keep-alive: an extension API call every 20 s while a run is active', () => {
  it('pings every 20 s while busy, once armed however often told, and stops when no run is active', async () => {
    const timers = fakeTimers();
    const ping = vi.fn(async () => ({ os: 'linux' }));
    const keepAlive = createHuntKeepAlive({ ping, setInterval: timers.setInterval, clearInterval: timers.clearInterval });
    keepAlive.set(false);
    expect(timers.setInterval).not.toHaveBeenCalled();
    keepAlive.set(true);
    keepAlive.set(true);
    expect(timers.setInterval).toHaveBeenCalledTimes(1);
    expect(timers.setInterval.mock.calls[0]![1]).toBe(huntKeepAliveIntervalMs);
    expect(huntKeepAliveIntervalMs).toBe(20_000);
    timers.tick();
    timers.tick();
    await Promise.resolve();
    expect(ping).toHaveBeenCalledTimes(2);
    keepAlive.set(false);
    expect(timers.clearInterval).toHaveBeenCalledWith(1);
    expect(timers.intervals.size).toBe(0);
    keepAlive.set(true);
    expect(timers.setInterval).toHaveBeenCalledTimes(2);
  });

  it('a failing ping is no failure', async () => {
    const timers = fakeTimers();
    const ping = vi.fn(async () => {
      throw new Error('no API');
    });
    const keepAlive = createHuntKeepAlive({ ping, setInterval: timers.setInterval, clearInterval: timers.clearInterval });
    keepAlive.set(true);
    timers.tick();
    await new Promise((resolve) => setImmediate(resolve));
    expect(ping).toHaveBeenCalledTimes(1);
  });

  it('calls runtime.getPlatformInfo by default, with the real timers', async () => {
    vi.useFakeTimers();
    const getPlatformInfo = vi.fn(async () => ({ os: 'linux' }));
    vi.doMock('wxt/browser', () => ({ browser: { runtime: { getPlatformInfo } } }));
    vi.resetModules();
    const { createHuntKeepAlive: fresh } = await import('@/utils/background/hunt-keepalive');
    const keepAlive = fresh();
    keepAlive.set(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(getPlatformInfo).toHaveBeenCalledTimes(3);
    keepAlive.set(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(getPlatformInfo).toHaveBeenCalledTimes(3);
    vi.doUnmock('wxt/browser');
    vi.useRealTimers();
  });
});
