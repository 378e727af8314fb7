import { describe, expect, it } from 'vitest';
import { createAdaptiveConcurrency, mapWithAdaptiveConcurrency } from '@/utils/sync/adaptive-concurrency';

describe('adaptive concurrency', () => {
  it('grows about one per limit answers while latency holds, up to max', () => {
    const controller = createAdaptiveConcurrency({ initial: 4, max: 8, clock: () => 0 });
    for (let answer = 0; answer < 5; answer += 1) controller.record({ latencyMs: 300 });
    expect(controller.limit).toBe(5);
    for (let answer = 0; answer < 200; answer += 1) controller.record({ latencyMs: 250 + (answer % 3) * 50 });
    expect(controller.limit).toBe(8);
  });

  it('halves on a 429 and does not grow again until the cool-down has passed', () => {
    let now = 0;
    const controller = createAdaptiveConcurrency({ initial: 12, min: 2, max: 16, coolDownMs: 30_000, clock: () => now });
    controller.record({ latencyMs: 300, throttled: true });
    expect(controller.limit).toBe(6);
    for (let answer = 0; answer < 50; answer += 1) controller.record({ latencyMs: 300 });
    expect(controller.limit).toBe(6);
    now = 31_000;
    for (let answer = 0; answer < 7; answer += 1) controller.record({ latencyMs: 300 });
    expect(controller.limit).toBe(7);
    controller.record({ latencyMs: 300, throttled: true });
    controller.record({ latencyMs: 300, throttled: true });
    controller.record({ latencyMs: 300, throttled: true });
    expect(controller.limit).toBe(2);
    expect(controller.stats).toMatchObject({ throttleDecreases: 4, lowest: 2, highest: 12 });
  });

  it('backs off when latency climbs well above the lowest seen (queueing), once per limit answers', () => {
    const controller = createAdaptiveConcurrency({ initial: 8, clock: () => 0 });
    for (let answer = 0; answer < 20; answer += 1) controller.record({ latencyMs: 200 });
    const before = controller.limit;
    for (let answer = 0; answer < 10; answer += 1) controller.record({ latencyMs: 2_000 });
    expect(controller.limit).toBeLessThan(before);
    expect(controller.stats.latencyDecreases).toBeGreaterThanOrEqual(1);
    expect(controller.stats.latencyDecreases).toBeLessThanOrEqual(2);
  });

  it('forgets a low latency after the floor window: a fast first sync does not pin a slower Graph at the minimum', () => {
    let now = 0;
    const controller = createAdaptiveConcurrency({ initial: 4, min: 2, max: 16, floorWindowMs: 10_000, clock: () => now });
    // The first sync: Graph answers in 15 ms.
    for (let answer = 0; answer < 50; answer += 1) controller.record({ latencyMs: 15 });
    const afterFastPhase = controller.limit;
    // Graph now answers in 300 ms, steadily, one answer every 50 ms for a minute.
    for (let answer = 0; answer < 1200; answer += 1) {
      now += 50;
      controller.record({ latencyMs: 280 + (answer % 3) * 20 });
    }
    expect(afterFastPhase).toBeGreaterThan(4);
    // Held at the minimum for the first window at most, then it grows again to the maximum.
    expect(controller.stats.lowest).toBe(2);
    expect(controller.limit).toBe(16);
  });

  it('still backs off on queueing that builds within the window', () => {
    let now = 0;
    const controller = createAdaptiveConcurrency({ initial: 8, floorWindowMs: 10_000, clock: () => now });
    for (let answer = 0; answer < 40; answer += 1) {
      now += 50;
      controller.record({ latencyMs: 300 });
    }
    const before = controller.limit;
    for (let answer = 0; answer < 20; answer += 1) {
      now += 50;
      controller.record({ latencyMs: 1_500 });
    }
    expect(controller.limit).toBeLessThan(before);
  });

  it('runs at most limit at a time, reading the limit again as work finishes, results in order', async () => {
    const limit = { limit: 2 };
    let inFlight = 0;
    let most = 0;
    const releases: Array<() => void> = [];
    const done = mapWithAdaptiveConcurrency([1, 2, 3, 4, 5, 6], limit, async (item) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise<void>((resolve) => releases.push(resolve));
      inFlight -= 1;
      return item * 10;
    });
    await Promise.resolve();
    expect(inFlight).toBe(2);
    limit.limit = 4;
    releases.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(inFlight).toBe(4);
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await done).toEqual([10, 20, 30, 40, 50, 60]);
    expect(most).toBe(4);
  });

  it('an empty list resolves at once; a rejection rejects the call', async () => {
    expect(await mapWithAdaptiveConcurrency([], { limit: 3 }, async () => 1)).toEqual([]);
    await expect(mapWithAdaptiveConcurrency([1, 2], { limit: 1 }, async (item) => {
      if (item === 2) throw new Error('boom');
      return item;
    })).rejects.toThrow('boom');
  });
});
