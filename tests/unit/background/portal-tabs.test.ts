import '@/tests/support/fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createPortalTabs } from '@/utils/background/portal-tabs';
import { commitPolledTenantCache, readTenantCache } from '@/utils/storage/tenant-cache-storage';
import { emptyTenantCache } from '@/utils/sync/tenant-cache';

const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

describe('portal tabs told of cache changes', () => {
  beforeEach(() => fakeBrowser.reset());

  it('tells the tabs showing the tenant, and default-tenant tabs, nobody else', async () => {
    const sent: number[] = [];
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async (tabId: number) => {
      sent.push(tabId);
    });
    const tabs = createPortalTabs();
    await tabs.remember(1, contoso);
    await tabs.remember(2, fabrikam);
    await tabs.remember(3, null);
    await tabs.broadcast({ type: 'handoffCacheChanged', tenant: contoso });
    expect(sent.sort()).toEqual([1, 3]);
  });

  it('forgets a tab a message no longer reaches, and keeps knowing tabs across restarts (storage.session)', async () => {
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async (tabId: number) => {
      if (tabId === 2) throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    await createPortalTabs().remember(1, contoso);
    await createPortalTabs().remember(2, contoso);
    const restarted = createPortalTabs();
    await restarted.broadcast({ type: 'handoffCacheChanged', tenant: contoso });
    expect(await fakeBrowser.storage.session.get('portalTabs')).toEqual({ portalTabs: { '1': contoso } });
  });
});

describe('portal tabs told by the cache writer (no storage change events)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('are told when a write changed their tenant; a poll that changed nothing reads no tab list and sends nothing', async () => {
    const sent: number[] = [];
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async (tabId: number) => {
      sent.push(tabId);
    });
    const tabs = createPortalTabs();
    tabs.watch();
    await tabs.remember(1, contoso);
    const synced = { ...emptyTenantCache(contoso), lastSuccessAt: '2026-11-27T12:00:00.000Z', status: { state: 'ok' as const, message: null, retryAt: null } };
    await commitPolledTenantCache(synced);
    await vi.waitFor(() => expect(sent).toEqual([1]));
    const sessionReads = vi.spyOn(fakeBrowser.storage.session, 'get');
    await commitPolledTenantCache({ ...(await readTenantCache(contoso))!, lastAttemptAt: '2026-11-27T12:05:00.000Z' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sessionReads).not.toHaveBeenCalled();
    expect(sent).toEqual([1]);
  });
});
