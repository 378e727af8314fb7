import { describe, expect, it } from 'vitest';
import { GraphRequestError } from '@/utils/domain/graph-request-error';
import { tenantConfigSchema, type TenantConfig } from '@/utils/domain/settings';
import { createAdaptiveConcurrency, type RequestOutcome } from '@/utils/sync/adaptive-concurrency';
import { syncAllTenants } from '@/utils/sync/sync-all-tenants';
import { MemoryTenantCacheStore } from '../../support/memory-tenant-cache-store';

/**
 * syncAllTenants with an adaptive concurrency controller: every Graph page is timed on the injected
 * clock and told to the controller (and the meter), a 429 as throttled, and the number of tenants in
 * flight follows the controller's limit. The Graph port is a stub answering from a fake clock.
 */

const tenants: TenantConfig[] = Array.from({ length: 12 }, (_, index) =>
  tenantConfigSchema.parse({ tenantId: `0be4c400-0000-4000-8000-${String(index).padStart(12, '0')}`, displayName: `T${index}`, service: 'none' }),
);

describe('syncAllTenants with adaptive concurrency', () => {
  it('times every page on the clock, reports a 429 as throttled, and keeps to the controller limit', async () => {
    let now = Date.parse('2026-12-02T08:00:00Z');
    let inFlight = 0;
    let most = 0;
    const controller = createAdaptiveConcurrency({ initial: 3, min: 1, max: 3, clock: () => now });
    const seen: Array<RequestOutcome & { tenantKey: string }> = [];
    const results = await syncAllTenants({
      tenants,
      store: new MemoryTenantCacheStore(),
      clock: () => new Date(now),
      concurrency: controller,
      onRequest: (outcome) => seen.push(outcome),
      graphFor: (tenant) => ({
        async *listIncidents() {
          inFlight += 1;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setImmediate(resolve));
          now += 250;
          inFlight -= 1;
          if (tenant === tenants[5]) throw new GraphRequestError({ status: 429, code: 'TooManyRequests', message: 'slow down', retryAfterSeconds: 60 });
          yield [];
        },
      }),
    });
    expect(results.map((result) => result.cache.status.state).filter((state) => state === 'throttled')).toHaveLength(1);
    expect(seen).toHaveLength(12);
    expect(seen.filter((outcome) => outcome.throttled)).toEqual([expect.objectContaining({ tenantKey: tenants[5]!.tenantId })]);
    expect(seen.every((outcome) => outcome.latencyMs >= 250)).toBe(true);
    expect(controller.stats.throttleDecreases).toBe(1);
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThan(1);
  });
});
