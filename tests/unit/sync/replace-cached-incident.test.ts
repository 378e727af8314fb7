import { demoCachedIncident } from '@/tests/support/demo-cached-incident';
import { describe, expect, it } from 'vitest';
import { replaceCachedIncident } from '@/utils/sync/replace-cached-incident';
import { emptyTenantCache, tenantCacheSchema, type TenantCache } from '@/utils/sync/tenant-cache';
import { CONTOSO_TENANT_ID } from '../../fixtures/demo-tenants';

const now = new Date('2026-11-27T12:00:00Z');

const entryFor = (id: string, changes: Record<string, unknown> = {}) => demoCachedIncident(id, now, changes);

function syncedCache(): TenantCache {
  const incidents = Object.fromEntries(['1002', '1008'].map((id) => [id, entryFor(id)]));
  const cache: TenantCache = {
    ...emptyTenantCache(CONTOSO_TENANT_ID),
    lastSuccessAt: now.toISOString(),
    lastAttemptAt: now.toISOString(),
    watermark: '2026-11-27T11:00:00.000Z',
    status: { state: 'ok', message: null, retryAt: null },
    incidents,
  };
  return replaceCachedIncident(cache, entryFor('1002'))!;
}

describe('an incident read outside a poll goes into the cache', () => {
  it('replaces the entry, recounts the summary and leaves the watermark for the next poll', () => {
    const before = syncedCache();
    expect(before.summary.awaitingYou).toBe(1);
    const resolved = entryFor('1002', { status: 'resolved' });
    const after = replaceCachedIncident(before, resolved)!;
    expect(after.incidents['1002']).toEqual(resolved);
    expect(after.incidents['1002']?.handoff.partnerAction?.kind).toBe('review');
    expect(after.summary.awaitingYou).toBe(0);
    expect(after.summary.reviews).toBe(1);
    expect(after.watermark).toBe(before.watermark);
    expect(tenantCacheSchema.safeParse(after).success).toBe(true);
  });

  it('adds an incident the cache did not have', () => {
    const after = replaceCachedIncident(syncedCache(), entryFor('1003'))!;
    expect(Object.keys(after.incidents).sort()).toEqual(['1002', '1003', '1008']);
    expect(after.summary.total).toBe(3);
  });

  it('leaves a tenant that never synced to its first poll', () => {
    expect(replaceCachedIncident(null, entryFor('1002'))).toBeNull();
    expect(replaceCachedIncident(emptyTenantCache(CONTOSO_TENANT_ID), entryFor('1002'))).toBeNull();
  });
});
