import '@/tests/support/fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { onTenantDataPurged, purgeAfterSignOut, purgeRemovedTenants } from '@/utils/background/sign-out-purge';
import type { HuntRun } from '@/utils/hunting/hunt-model';
import { listExpertHuntQueries, listSavedHuntQueries, rememberExpertHuntQueries, saveHuntQuery } from '@/utils/storage/hunt-queries-storage';
import { listHuntRuns, readHuntTenantRows, writeHuntRun, writeHuntTenantRows } from '@/utils/storage/hunt-runs-storage';
import { tenantDataPurges } from '@/utils/background/purge-log';
import { addPendingNotifications, readPendingNotifications } from '@/utils/storage/pending-notifications-storage';
import { readAllTenantCaches, readTenantCache, writeTenantCache } from '@/utils/storage/tenant-cache-storage';
import { addLocalReview, readLocalReviews } from '@/utils/storage/ui-state-storage';
import { emptyTenantCache } from '@/utils/sync/tenant-cache';

const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const runId = '00000000-0000-4000-8000-000000000001';
const huntRun = (keys: string[]): HuntRun => ({
  runId,
  query: 'DeviceInfo',
  timespan: 'P1D',
  startedAt: 1,
  finishedAt: 2,
  state: 'done',
  stoppedReason: null,
  source: null,
  tenants: keys.map((tenantKey) => ({ tenantKey, tenantId: tenantKey, displayName: tenantKey, outcome: { kind: 'done', rows: 1, truncated: false, ms: 5 } })),
});
const huntRows = (tenantKey: string) => ({ runId, tenantKey, columns: [{ name: 'A', type: 'String' }], rows: [{ A: tenantKey }] });
const expertQuery = (tenantKey: string) => ({ tenantKey, incidentId: '1', index: 0, query: 'EmailEvents', incidentTitle: null, seenAt: 1 });
const savedQuery = { id: 'q1', name: 'Mine', query: 'DeviceInfo', timespan: 'P7D' as const, savedAt: 1 };

async function storeHunts(keys: string[]): Promise<void> {
  await writeHuntRun(huntRun(keys));
  for (const key of keys) await writeHuntTenantRows(huntRows(key));
  await rememberExpertHuntQueries(keys.map(expertQuery));
  await saveHuntQuery(savedQuery);
}

const notification = (tenantKey: string) => ({ id: `n-${tenantKey}`, tenantKey, title: 'Awaiting you', message: 'm', url: null, incidentIds: ['1'] });

describe('purgeAfterSignOut', () => {
  beforeEach(() => fakeBrowser.reset());

  it('leaves no tenant data, notification or cache key behind, and keeps the settings', async () => {
    await fakeBrowser.storage.session.set({
      msalCacheKey: { id: '6f1c2a5e-8d0b-4c1e-9a7f-3b2d1e0f4a5b', key: 'A'.repeat(43) },
      notificationClickTargets: { n1: 'https://security.microsoft.com/incidents/1' },
    });
    await fakeBrowser.storage.local.set({
      settings: { clientId: null },
      [`tenantCache:${contoso}`]: { unreadable: true },
      tenantSummaries: { schemaVersion: 1, tenants: {} },
      pendingNotifications: [{ id: 'n2' }],
      [`writeRefusal:${contoso}`]: { refusedAt: new Date().toISOString(), message: 'Forbidden' },
    });
    await writeTenantCache(emptyTenantCache(contoso));
    await addPendingNotifications([notification(contoso)]);
    await addLocalReview(contoso, '1006');
    await storeHunts([contoso]);
    const told: Array<readonly string[] | 'all'> = [];
    const stop = onTenantDataPurged((keys) => told.push(keys));
    await purgeAfterSignOut();
    stop();
    expect(told).toEqual(['all']);
    expect(await listHuntRuns()).toEqual([]);
    expect(await readHuntTenantRows(runId, contoso)).toBeNull();
    expect(await listExpertHuntQueries()).toEqual([]);
    // The analyst's own saved queries name no tenant: they stay.
    expect(await listSavedHuntQueries()).toEqual([savedQuery]);
    expect(await readAllTenantCaches()).toEqual([]);
    // Another analyst signing in here must not find this one's reviews already done.
    expect([...(await readLocalReviews())]).toEqual([]);
    expect(await readPendingNotifications()).toEqual([]);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ settings: { clientId: null } });
    const session = await fakeBrowser.storage.session.get(null);
    expect(session['msalCacheKey']).toBeUndefined();
    expect(session['notificationClickTargets'] ?? {}).toEqual({});
  });
});

describe('purgeRemovedTenants', () => {
  beforeEach(() => fakeBrowser.reset());

  it('drops a removed tenant\'s cache, pending notifications and tokens (by domain and GUID), and nothing of the others', async () => {
    for (const key of ['contoso.example', fabrikam]) {
      await writeTenantCache(emptyTenantCache(key));
      await addPendingNotifications([notification(key)]);
      await addLocalReview(key, '1006');
    }
    const forgotten: string[][] = [];
    await purgeRemovedTenants([{ tenantKey: 'contoso.example', resolvedTenantId: contoso }], new Set([fabrikam]), async (ids) => {
      forgotten.push(ids);
    });
    expect(await readTenantCache('contoso.example')).toBeNull();
    expect(await readTenantCache(fabrikam)).not.toBeNull();
    expect((await readPendingNotifications()).map((n) => n.tenantKey)).toEqual([fabrikam]);
    expect([...(await readLocalReviews())]).toEqual([`${fabrikam}|1006`]);
    expect(forgotten).toEqual([['contoso.example', contoso]]);
  });

  it('never forgets the tokens of an id still configured (a tenant re-keyed by its GUID)', async () => {
    const forgotten: string[][] = [];
    await purgeRemovedTenants([{ tenantKey: 'contoso.example', resolvedTenantId: contoso }], new Set([contoso.toUpperCase()]), async (ids) => {
      forgotten.push(ids);
    });
    expect(forgotten).toEqual([['contoso.example']]);
  });
});

describe('purgeRemovedTenants: hunting', () => {
  beforeEach(() => fakeBrowser.reset());

  it('tells the listeners first, then drops the removed tenant’s hunt rows, its place in runs and its experts’ queries', async () => {
    await storeHunts(['contoso.example', fabrikam]);
    const told: Array<readonly string[] | 'all'> = [];
    const stop = onTenantDataPurged((keys) => told.push(keys));
    await purgeRemovedTenants([{ tenantKey: 'contoso.example', resolvedTenantId: contoso }], new Set([fabrikam]), async () => undefined);
    stop();
    expect(told).toEqual([['contoso.example']]);
    expect((await listHuntRuns()).map((run) => run.tenants.map((tenant) => tenant.tenantKey))).toEqual([[fabrikam]]);
    expect(await readHuntTenantRows(runId, 'contoso.example')).toBeNull();
    expect(await readHuntTenantRows(runId, fabrikam)).toEqual(huntRows(fabrikam));
    expect(await listExpertHuntQueries()).toEqual([expertQuery(fabrikam)]);
    expect(await listSavedHuntQueries()).toEqual([savedQuery]);
  });

  it('logs every purge before deleting, for work between a read and its write (purge-log.ts)', async () => {
    const mark = tenantDataPurges.mark();
    await purgeRemovedTenants([{ tenantKey: 'contoso.example', resolvedTenantId: contoso }], new Set(), async () => undefined);
    expect(tenantDataPurges.purgedTenantsSince(mark)).toEqual(['contoso.example']);
    expect(tenantDataPurges.purgedSince(mark, [fabrikam])).toBe(false);
    await purgeAfterSignOut();
    expect(tenantDataPurges.purgedSince(mark, [fabrikam])).toBe(true);
  });

  it('tells nobody when nothing was removed', async () => {
    const told: unknown[] = [];
    const stop = onTenantDataPurged((keys) => told.push(keys));
    await purgeRemovedTenants([], new Set(), async () => undefined);
    stop();
    expect(told).toEqual([]);
  });
});
