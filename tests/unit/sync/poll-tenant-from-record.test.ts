// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGraphClient, type GraphClient } from '@/utils/graph/graph-client';
import { tenantConfigSchema, type TenantConfig } from '@/utils/domain/settings';
import type { CachedIncident } from '@/utils/sync/cached-incident';
import { classificationKey, pollTenant } from '@/utils/sync/poll-tenant';
import { canPollFromRecord, pollTenantFromRecord, type PollFromRecordResult } from '@/utils/sync/poll-tenant-from-record';
import type { TenantCache } from '@/utils/sync/tenant-cache';
import { syncRecordOf, type TenantSyncRecord } from '@/utils/sync/tenant-cache-diff';
import { startFakeMicrosoftCloud, type FakeMicrosoftCloud } from '../../fakes/fake-microsoft-cloud';
import { CONTOSO_TENANT_ID, DEMO_ANALYST, DEMO_CLIENT_ID, NORTHWIND_TENANT_ID } from '../../fixtures/demo-tenants';
import { fakeCloudFetch, type NodeFetch } from '../../support/fake-cloud-fetch';
import { fakeCloudTokens, signInToFakeCloud, type FakeCloudTokens } from '../../support/fake-cloud-tokens';
import { useInstantTimers } from '../../support/instant-timers';

useInstantTimers();

let cloud: FakeMicrosoftCloud;
let fetch: NodeFetch & { close(): void };
let tokens: FakeCloudTokens;

const minute = 60_000;
const day = 24 * 60 * minute;
// As the settings hold them after the first round (sync-runner.ts remembers each tenant's GUID).
const contoso = tenantConfigSchema.parse({ tenantId: CONTOSO_TENANT_ID, resolvedTenantId: CONTOSO_TENANT_ID, displayName: 'Contoso', service: 'xdr' });
const northwind = tenantConfigSchema.parse({ tenantId: NORTHWIND_TENANT_ID, resolvedTenantId: NORTHWIND_TENANT_ID, displayName: 'Northwind', service: 'none' });

const graphFor = (tenant: TenantConfig): GraphClient =>
  createGraphClient(tokens.portsFor(tenant.tenantId), { retryDelaySeconds: 0, backoff: { baseMs: 5, maxMs: 20 } });

/** A stored cache split as the browser stores it, with what the poll read from it. */
function storedAs(cache: TenantCache) {
  const reads = { entries: [] as string[][], caches: 0 };
  return {
    reads,
    input: (tenant: TenantConfig, now: Date, record: TenantSyncRecord = syncRecordOf(cache)) => ({
      tenant,
      now,
      record,
      graph: graphFor(tenant),
      readEntries: async (ids: readonly string[]) => {
        reads.entries.push([...ids]);
        const found: Record<string, CachedIncident> = {};
        for (const id of ids) if (cache.incidents[id]) found[id] = cache.incidents[id]!;
        return found;
      },
      readCache: async () => {
        reads.caches += 1;
        return cache;
      },
    }),
  };
}

async function firstSync(tenant: TenantConfig, now: Date): Promise<TenantCache> {
  return (await pollTenant({ tenant, previous: null, graph: graphFor(tenant), now })).cache;
}

/** The incidents the watermark's overlap lists again (the latest ones): what a steady poll reads back. */
const overlapIds = (cache: TenantCache) =>
  Object.values(cache.incidents)
    .filter(({ incident }) => Date.parse(incident.lastUpdateDateTime ?? '') >= Date.parse(cache.watermark!) - 2 * minute)
    .map(({ incident }) => incident.id)
    .sort();

const recordOf = (result: PollFromRecordResult) => {
  if (result.kind !== 'record') throw new Error(`expected a record-only poll, got ${result.kind}`);
  return result.record;
};

beforeAll(async () => {
  cloud = await startFakeMicrosoftCloud();
  fetch = fakeCloudFetch(cloud);
});

afterAll(async () => {
  fetch.close();
  await cloud.close();
});

beforeEach(async () => {
  cloud.reset();
  const refreshToken = await signInToFakeCloud(fetch, { clientId: DEMO_CLIENT_ID, upn: DEMO_ANALYST.upn });
  tokens = fakeCloudTokens(fetch, { clientId: DEMO_CLIENT_ID, refreshToken });
  cloud.clearRequests();
});

describe('pollTenantFromRecord', () => {
  it('a full poll records what it classified with and when a closed incident leaves the window', async () => {
    const now = new Date();
    const cache = await firstSync(contoso, now);
    expect(cache.classifiedWith).toBe(classificationKey('xdr', undefined));
    const closedExpiries = Object.values(cache.incidents)
      .filter(({ incident }) => incident.status === 'resolved' || incident.status === 'redirected')
      .map(({ incident }) => Date.parse(incident.lastUpdateDateTime ?? incident.createdDateTime) + 30 * day);
    expect(closedExpiries.length).toBeGreaterThan(0);
    expect(cache.expiresAt).toBe(new Date(Math.min(...closedExpiries)).toISOString());
  });

  it('nothing new on Graph: one request, the sync state moves, no incident is read or classified', async () => {
    const synced = new Date();
    const cache = await firstSync(contoso, synced);
    const stored = storedAs(cache);
    cloud.clearRequests();
    const later = new Date(synced.getTime() + 10 * minute);
    // Graph's clock a minute on: the record-only poll's watermark is Graph's time at this answer.
    cloud.clock.advance(minute);
    const graphNow = Math.floor(Date.now() / 1000) * 1000 + minute;
    const record = recordOf(await pollTenantFromRecord(stored.input(contoso, later)));
    expect(cloud.graphRequests()).toHaveLength(1);
    expect(Date.parse(record.watermark!)).toBeGreaterThanOrEqual(graphNow);
    // The first sync's watermark is Graph's answer time (its Date header), later than every demo update:
    // the overlap lists nothing, so nothing is read back.
    expect(overlapIds(cache)).toEqual([]);
    expect(stored.reads).toEqual({ entries: [], caches: 0 });
    const answeredAt = Date.parse(record.watermark!);
    expect(answeredAt).toBeGreaterThanOrEqual(Date.parse(cache.watermark!));
    expect(answeredAt).toBeLessThanOrEqual(later.getTime());
    expect(record).toEqual({
      ...syncRecordOf(cache),
      watermark: record.watermark,
      lastAttemptAt: later.toISOString(),
      lastSuccessAt: later.toISOString(),
    });
  });

  it('incidents re-read by the overlap exactly as stored: only those are read, still no merge', async () => {
    const synced = new Date();
    const cache = await firstSync(contoso, synced);
    // An upstream change, then a full poll that stores it: the next poll's overlap lists it again.
    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1002', { assignedTo: 'Jordan Lee' });
    const merged = await pollTenant({ tenant: contoso, previous: cache, graph: graphFor(contoso), now: new Date(synced.getTime() + minute) });
    const stored = storedAs(merged.cache);
    const result = await pollTenantFromRecord(stored.input(contoso, new Date(synced.getTime() + 2 * minute)));
    expect(result.kind).toBe('record');
    expect(stored.reads.caches).toBe(0);
    expect(overlapIds(merged.cache)).toContain('1002');
    expect(stored.reads.entries.map((ids) => [...ids].sort())).toEqual([overlapIds(merged.cache)]);
  });

  it('an incident changed upstream: the full merge from the stored cache, as pollTenant would do', async () => {
    const synced = new Date();
    const cache = await firstSync(contoso, synced);
    const stored = storedAs(cache);
    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1002', { status: 'resolved', classification: 'truePositive' });
    const later = new Date(synced.getTime() + 10 * minute);
    const result = await pollTenantFromRecord(stored.input(contoso, later));
    if (result.kind !== 'cache') throw new Error('expected a merge');
    expect(stored.reads.caches).toBe(1);
    expect(stored.reads.entries[0]).toContain('1002');
    expect(result.previous).toBe(cache);
    expect(result.cache.incidents['1002']?.incident.status).toBe('resolved');
    expect(result.cache.summary.awaitingYou).toBe(cache.summary.awaitingYou - 1);
    expect(result.changes.resolvedOrGone).toEqual(['1002']);
    // Graph was asked once: the merge uses the answer already read.
    expect(cloud.graphRequests()).toHaveLength(2);
  });

  it('a service changed in the settings classifies everything again', async () => {
    const synced = new Date();
    const cache = await firstSync(contoso, synced);
    const asNone = { ...contoso, service: 'none' as const };
    expect(canPollFromRecord(syncRecordOf(cache), { tenant: asNone, now: synced })).toBe(false);
    const stored = storedAs(cache);
    const result = await pollTenantFromRecord(stored.input(asNone, new Date(synced.getTime() + minute)));
    if (result.kind !== 'cache') throw new Error('expected a full poll');
    expect(result.cache.classifiedWith).toBe(classificationKey('none', undefined));
    expect(cache.summary.withDefenderExperts).toBeGreaterThan(0);
    expect(result.cache.summary.withDefenderExperts).toBe(0);
  });

  it('past the first expiry the full poll runs and drops the closed incident that left the window', async () => {
    const synced = new Date();
    const cache = await firstSync(contoso, synced);
    const expiry = Date.parse(cache.expiresAt!);
    expect(canPollFromRecord(syncRecordOf(cache), { tenant: contoso, now: new Date(expiry - 1) })).toBe(true);
    expect(canPollFromRecord(syncRecordOf(cache), { tenant: contoso, now: new Date(expiry) })).toBe(false);
    const expired = Object.values(cache.incidents).find(
      ({ incident }) => Date.parse(incident.lastUpdateDateTime ?? incident.createdDateTime) + 30 * day === expiry,
    )!.incident.id;
    const result = await pollTenantFromRecord(storedAs(cache).input(contoso, new Date(expiry + 1)));
    if (result.kind !== 'cache') throw new Error('expected a full poll');
    expect(result.cache.incidents[expired]).toBeUndefined();
    expect(Date.parse(result.cache.expiresAt ?? '9999')).toBeGreaterThan(expiry);
  });

  it('records written before these fields existed, and tenants still to be re-keyed, take the full poll', async () => {
    const now = new Date();
    const cache = await firstSync(contoso, now);
    const { classifiedWith: _classified, expiresAt: _expires, ...older } = syncRecordOf(cache);
    expect(canPollFromRecord(older, { tenant: contoso, now })).toBe(false);
    expect(canPollFromRecord({ ...older, classifiedWith: cache.classifiedWith! }, { tenant: contoso, now })).toBe(false);
    expect(canPollFromRecord(syncRecordOf(cache), { tenant: contoso, now })).toBe(true);
    expect(canPollFromRecord(syncRecordOf(cache), { tenant: { ...contoso, tenantId: 'contoso.example', resolvedTenantId: null }, now })).toBe(false);
    expect(canPollFromRecord({ ...syncRecordOf(cache), watermark: null }, { tenant: contoso, now })).toBe(false);
  });

  it('Graph failing: the failure status on the record, the incidents untouched and unread', async () => {
    const synced = new Date();
    const cache = await firstSync(contoso, synced);
    const stored = storedAs(cache);
    cloud.entra.consentedTenants.delete(CONTOSO_TENANT_ID);
    tokens = fakeCloudTokens(fetch, { clientId: DEMO_CLIENT_ID, refreshToken: await signInToFakeCloud(fetch, { clientId: DEMO_CLIENT_ID, upn: DEMO_ANALYST.upn }) });
    const later = new Date(synced.getTime() + minute);
    const record = recordOf(await pollTenantFromRecord(stored.input(contoso, later)));
    expect(record.status.state).toBe('needsConsent');
    expect(record.lastAttemptAt).toBe(later.toISOString());
    expect(record.lastSuccessAt).toBe(synced.toISOString());
    expect(record.summary).toEqual(cache.summary);
    expect(stored.reads).toEqual({ entries: [], caches: 0 });
  });

  it('an incident Graph sends unreadable takes the full poll, which reports it', async () => {
    const synced = new Date();
    const cache = await firstSync(northwind, synced);
    expect(cache.parseErrors.map((error) => error.id)).toEqual(['3010']);
    cloud.graph.tenant(NORTHWIND_TENANT_ID).updateIncident('3010', {});
    const result = await pollTenantFromRecord(storedAs(cache).input(northwind, new Date(synced.getTime() + minute)));
    if (result.kind !== 'cache') throw new Error('expected a full poll');
    expect(result.cache.parseErrors.map((error) => error.id)).toEqual(['3010']);
  });
});
