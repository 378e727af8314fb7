import '@/tests/support/fake-indexeddb';
import { demoCachedIncident } from '@/tests/support/demo-cached-incident';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { showPendingNotifications } from '@/utils/background/incident-notifications';
import { readPendingNotifications } from '@/utils/storage/pending-notifications-storage';
import {
  browserTenantCacheStore,
  commitPolledTenantCache,
  readTenantCache,
  updateTenantCache,
  writeTenantCache,
} from '@/utils/storage/tenant-cache-storage';
import { adjustOpenGuidedTasks, readTenantSummaries, updateTenantSummaries } from '@/utils/storage/tenant-summaries-storage';
import type { PlannedNotification } from '@/utils/sync/notification-plan';
import { replaceCachedIncident } from '@/utils/sync/replace-cached-incident';
import { emptyTenantCache, type TenantCache } from '@/utils/sync/tenant-cache';
import { CONTOSO_TENANT_ID } from '../../fixtures/demo-tenants';

/**
 * Issue 11 item 7: read-modify-writes of one key interleaved (a quick action while a poll is in flight,
 * two summary updates) and notifications persisted with the cache write. Each test fails on the code
 * before the per-key lock and the pending list.
 */

const now = new Date('2026-11-27T12:00:00Z');

const entryFor = (id: string, changes: Record<string, unknown> = {}) => demoCachedIncident(id, now, changes);

function syncedCache(): TenantCache {
  const cache: TenantCache = {
    ...emptyTenantCache(CONTOSO_TENANT_ID),
    lastSuccessAt: now.toISOString(),
    lastAttemptAt: now.toISOString(),
    status: { state: 'ok', message: null, retryAt: null },
    incidents: { '1002': entryFor('1002', { lastUpdateDateTime: '2026-11-27T10:00:00Z' }) },
  };
  return replaceCachedIncident(cache, entryFor('1008', { lastUpdateDateTime: '2026-11-27T10:00:00Z' }))!;
}

const notification = (id: string): PlannedNotification => ({
  id,
  tenantKey: CONTOSO_TENANT_ID,
  title: 'Awaiting you in Contoso',
  message: 'Incident',
  url: null,
  incidentIds: ['1002'],
});

describe('a quick action while a poll is in flight', () => {
  beforeEach(() => fakeBrowser.reset());

  it('is not undone by the poll that read the cache before it', async () => {
    await writeTenantCache(syncedCache());
    // The poll reads the cache, then waits on Graph…
    const pollRead = await browserTenantCacheStore.read(CONTOSO_TENANT_ID);
    // …a quick action resolves 1002 and keeps Graph's re-read…
    const resolved = entryFor('1002', { status: 'resolved', lastUpdateDateTime: '2026-11-27T11:59:00Z' });
    await updateTenantCache(CONTOSO_TENANT_ID, (current) => replaceCachedIncident(current, resolved));
    // …then the poll (whose Graph page predates the write) saves what it built from its read.
    const saved = await browserTenantCacheStore.write({ ...pollRead!, watermark: '2026-11-27T11:58:00.000Z' });
    const stored = await readTenantCache(CONTOSO_TENANT_ID);
    expect(stored?.incidents['1002']?.incident.status).toBe('resolved');
    expect(stored?.watermark).toBe('2026-11-27T11:58:00.000Z');
    expect(stored?.summary).toEqual(saved && saved.summary);
    expect(stored?.summary).toEqual(replaceCachedIncident(syncedCache(), resolved)!.summary);
  });

  it('two cache updates started together both land', async () => {
    await writeTenantCache(syncedCache());
    const a = entryFor('1002', { assignedTo: 'a@woodgrove.example' });
    const b = entryFor('1008', { assignedTo: 'b@woodgrove.example' });
    await Promise.all([
      updateTenantCache(CONTOSO_TENANT_ID, (current) => replaceCachedIncident(current, a)),
      updateTenantCache(CONTOSO_TENANT_ID, (current) => replaceCachedIncident(current, b)),
    ]);
    const stored = await readTenantCache(CONTOSO_TENANT_ID);
    expect(stored?.incidents['1002']?.incident.assignedTo).toBe('a@woodgrove.example');
    expect(stored?.incidents['1008']?.incident.assignedTo).toBe('b@woodgrove.example');
  });

  it('a poll whose Graph page is newer than the quick action wins', async () => {
    await writeTenantCache(syncedCache());
    await updateTenantCache(CONTOSO_TENANT_ID, (current) =>
      replaceCachedIncident(current, entryFor('1002', { status: 'active', lastUpdateDateTime: '2026-11-27T11:00:00Z' })),
    );
    const polled = replaceCachedIncident(syncedCache(), entryFor('1002', { status: 'resolved', lastUpdateDateTime: '2026-11-27T11:30:00Z' }))!;
    await commitPolledTenantCache(polled);
    expect((await readTenantCache(CONTOSO_TENANT_ID))?.incidents['1002']?.incident.status).toBe('resolved');
  });
});

describe('tenant summaries updated at the same time', () => {
  beforeEach(() => fakeBrowser.reset());

  it('lose no update: two completed tasks lower the count by two', async () => {
    await updateTenantSummaries([syncedCache()], new Set([CONTOSO_TENANT_ID]), new Map([[CONTOSO_TENANT_ID, 5]]));
    await Promise.all([adjustOpenGuidedTasks(CONTOSO_TENANT_ID, -1), adjustOpenGuidedTasks(CONTOSO_TENANT_ID, -1)]);
    expect((await readTenantSummaries())[CONTOSO_TENANT_ID]?.openGuidedTasks).toBe(3);
  });

  it('a round and a completed task interleaved keep both', async () => {
    await updateTenantSummaries([syncedCache()], new Set([CONTOSO_TENANT_ID, 'b']), new Map([[CONTOSO_TENANT_ID, 5]]));
    const other = { ...syncedCache(), tenantKey: 'b' };
    await Promise.all([
      updateTenantSummaries([other], new Set([CONTOSO_TENANT_ID, 'b'])),
      adjustOpenGuidedTasks(CONTOSO_TENANT_ID, -1),
    ]);
    const summaries = await readTenantSummaries();
    expect(summaries[CONTOSO_TENANT_ID]?.openGuidedTasks).toBe(4);
    expect(summaries.b).toBeDefined();
  });
});

describe('notifications of a round', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
  });

  it('are persisted with the cache write and survive a worker that stops before showing them', async () => {
    await commitPolledTenantCache(syncedCache(), [notification('handoff:c:1002')]);
    // The worker stops here. On the next start:
    expect((await readPendingNotifications()).map((n) => n.id)).toEqual(['handoff:c:1002']);
    const create = vi.spyOn(fakeBrowser.notifications, 'create').mockResolvedValue('handoff:c:1002');
    await showPendingNotifications();
    expect(create).toHaveBeenCalledWith('handoff:c:1002', expect.objectContaining({ title: 'Awaiting you in Contoso' }));
    expect(await readPendingNotifications()).toEqual([]);
  });

  it('of two tenants committed at the same time are both kept', async () => {
    await Promise.all([
      commitPolledTenantCache(syncedCache(), [notification('one')]),
      commitPolledTenantCache({ ...syncedCache(), tenantKey: 'b' }, [notification('two')]),
    ]);
    expect((await readPendingNotifications()).map((n) => n.id).sort()).toEqual(['one', 'two']);
  });
});
