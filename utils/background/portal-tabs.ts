import { browser } from 'wxt/browser';
import type { CacheChangedMessage } from '../messages/portal-answers';
import { readPortalTabs, writePortalTabs, type PortalTabTenants } from '../storage/portal-tabs-storage';
import { onTenantCacheChanged } from '../storage/tenant-cache-storage';

/**
 * Portal tabs learn that their tenant's cache changed (a poll, a quick action in another tab) by a
 * message from here: content scripts cannot read the caches (they are in the extension's IndexedDB), and
 * a push costs an idle page nothing, unlike polling. The tabs are the ones that asked for handoffs, each
 * with the tenant it shows (its `tid`, or null for the analyst's default tenant, which is told of every
 * change, as is a multitenant portal tab: it reads any tenant its rows name). They are kept in
 * storage.session, so a restarted service worker still knows them, and forgotten when closed or when a
 * message no longer reaches them.
 */

export function createPortalTabs() {
  // One change at a time, so two quick updates never lose a tab.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = (work: () => Promise<void>) => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const update = (change: (tabs: PortalTabTenants) => boolean) =>
    serialized(async () => {
      const tabs = await readPortalTabs();
      if (change(tabs)) await writePortalTabs(tabs);
    });

  const forget = (tabId: number) =>
    update((tabs) => {
      if (!(String(tabId) in tabs)) return false;
      delete tabs[String(tabId)];
      return true;
    });

  async function broadcast(message: CacheChangedMessage): Promise<void> {
    const tabs = await readPortalTabs();
    const listeners = Object.entries(tabs).filter(([, tenant]) => tenant === null || tenant === message.tenant);
    await Promise.all(
      listeners.map(([tabId]) => browser.tabs.sendMessage(Number(tabId), message).catch(() => forget(Number(tabId)))),
    );
  }

  return {
    remember: (tabId: number, tenant: string | null) =>
      update((tabs) => {
        if (tabs[String(tabId)] === tenant && String(tabId) in tabs) return false;
        tabs[String(tabId)] = tenant;
        return true;
      }),
    forget,
    broadcast,
    /**
     * Wires the cache writer and tab events: a write that changed a tenant's incidents (or its sync
     * state) is announced to the tabs showing that tenant. Every cache writer runs in this worker, so
     * the writer tells it directly: a poll that changed nothing reads no tab list and sends nothing.
     */
    watch(): void {
      onTenantCacheChanged((tenant) => void broadcast({ type: 'handoffCacheChanged', tenant }));
      browser.tabs.onRemoved.addListener((tabId) => void forget(tabId));
    },
  };
}
