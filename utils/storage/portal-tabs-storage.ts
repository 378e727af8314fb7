import { storage } from 'wxt/utils/storage';

/**
 * The portal tabs the worker tells of cache changes (background/portal-tabs.ts), in storage.session: a
 * restarted service worker still knows them, a restarted browser does not (the tabs are gone too).
 */

/** Tab id -> the tenant the tab shows (null: the default tenant). */
export type PortalTabTenants = Record<string, string | null>;

const portalTabsItem = storage.defineItem<unknown>('session:portalTabs', { version: 1 });

export async function readPortalTabs(): Promise<PortalTabTenants> {
  const stored = await portalTabsItem.getValue();
  if (typeof stored !== 'object' || stored === null) return {};
  return Object.fromEntries(
    Object.entries(stored).filter(
      (entry): entry is [string, string | null] => /^\d+$/.test(entry[0]) && (entry[1] === null || typeof entry[1] === 'string'),
    ),
  );
}

export async function writePortalTabs(tabs: PortalTabTenants): Promise<void> {
  await portalTabsItem.setValue(tabs);
}
