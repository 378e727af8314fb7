import '@/tests/support/fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startLegacyLocalStorageImport } from '@/utils/storage/legacy-local-storage-import';
import { readPendingNotifications } from '@/utils/storage/pending-notifications-storage';
import { readTenantCache, writeTenantCache } from '@/utils/storage/tenant-cache-storage';
import { emptyTenantCache, type TenantCache } from '@/utils/sync/tenant-cache';

const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

const synced = (key: string, at = '2026-11-27T12:00:00.000Z'): TenantCache => ({
  ...emptyTenantCache(key),
  lastAttemptAt: at,
  lastSuccessAt: at,
  status: { state: 'ok', message: null, retryAt: null },
});
const notification = { id: 'handoff:c:1', tenantKey: contoso, title: 'Awaiting you', message: 'm', url: null, incidentIds: ['1'] };

describe('moving storage.local caches of older versions into IndexedDB', () => {
  beforeEach(() => fakeBrowser.reset());

  it('moves readable caches and pending notifications once, validated, and removes every legacy entry', async () => {
    await fakeBrowser.storage.local.set({
      settings: { clientId: null },
      [`tenantCache:${contoso}`]: synced(contoso),
      [`tenantCache:${fabrikam}`]: { ...synced(fabrikam), watermark: 'not a date' },
      'tenantCache:misfiled': synced(contoso),
      pendingNotifications: [notification],
    });
    await startLegacyLocalStorageImport();
    expect(await readTenantCache(contoso)).toEqual(synced(contoso));
    expect(await readTenantCache(fabrikam)).toBeNull();
    expect(await readTenantCache('misfiled')).toBeNull();
    expect(await readPendingNotifications()).toEqual([notification]);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ settings: { clientId: null } });
  });

  it('keeps what the database already holds for a tenant, and reads storage.local no more once done', async () => {
    await writeTenantCache(synced(contoso, '2026-11-28T08:00:00.000Z'));
    await fakeBrowser.storage.local.set({ [`tenantCache:${contoso}`]: synced(contoso) });
    await startLegacyLocalStorageImport();
    expect((await readTenantCache(contoso))?.lastSuccessAt).toBe('2026-11-28T08:00:00.000Z');
    await fakeBrowser.storage.local.set({ [`tenantCache:${fabrikam}`]: synced(fabrikam) });
    await startLegacyLocalStorageImport();
    expect(await readTenantCache(fabrikam)).toBeNull();
  });
});
