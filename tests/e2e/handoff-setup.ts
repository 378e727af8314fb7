import type { BrowserContext, Page, Worker } from '@playwright/test';
import { CONTOSO_TENANT_ID, DEMO_CLIENT_ID, FABRIKAM_TENANT_ID, NORTHWIND_TENANT_ID } from '../fixtures/demo-tenants';
import { expect } from './extension-fixture';

export const demoTenantSettings = {
  contoso: { tenantId: CONTOSO_TENANT_ID, displayName: 'Contoso', service: 'xdr' },
  fabrikam: { tenantId: FABRIKAM_TENANT_ID, displayName: 'Fabrikam', service: 'hunting' },
  northwind: { tenantId: NORTHWIND_TENANT_ID, displayName: 'Northwind Traders', service: 'none' },
} as const;

type TenantSetting = (typeof demoTenantSettings)[keyof typeof demoTenantSettings];

/** Signs in through the options page and the fake Entra's sign-in window, as a user would. */
export async function signInThroughOptions(context: BrowserContext, options: Page): Promise<void> {
  await options.getByRole('textbox', { name: 'Application (client) ID' }).fill(DEMO_CLIENT_ID);
  const authWindow = context.waitForEvent('page');
  await options.getByRole('button', { name: 'Sign in' }).click();
  const signInPage = await authWindow;
  await signInPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(options.getByText(/^Signed in as/)).toBeVisible();
}

/** Opens one page of the options (its side navigation: Account, Tenants, Sync and notifications, Reports and audit, About). */
export async function showOptionsPage(options: Page, name: string): Promise<void> {
  await options.getByRole('navigation', { name: 'Options pages' }).getByRole('link', { name, exact: true }).click();
  await expect(options.getByRole('heading', { name, level: 2 })).toBeVisible();
}

/** Configures tenants the way the options page saves them (validated by the extension on read). */
export async function configureTenants(page: Page, tenants: readonly TenantSetting[]): Promise<void> {
  await page.evaluate(async (configured) => {
    const { settings = {} } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings as object), tenants: configured } });
  }, tenants as TenantSetting[]);
}

/** Asks the background for a sync round and waits until it is over. */
export async function refreshNow(page: Page): Promise<unknown> {
  return page.evaluate(() => chrome.runtime.sendMessage({ type: 'refreshNow' }));
}

export async function badgeText(serviceWorker: Worker): Promise<string> {
  return serviceWorker.evaluate(() => chrome.action.getBadgeText({}));
}

export async function badgeTitle(serviceWorker: Worker): Promise<string> {
  return serviceWorker.evaluate(() => chrome.action.getTitle({}));
}

/** A tenant's cache as the background saved it. */
export async function tenantCache(page: Page, tenantId: string): Promise<{
  status: { state: string; message: string | null; retryAt: string | null };
  incidents: Record<string, { incident: { status: string }; handoff: { owner: string; partnerAction: { kind: string } | null } }>;
  parseErrors: Array<{ id?: string; message: string }>;
  summary: { awaitingYou: number };
  watermark: string | null;
  lastSuccessAt: string | null;
} | null> {
  const caches = await page.evaluate(readTenantCachesInPage, [tenantId]);
  return (caches[tenantId] as never) ?? null;
}

/**
 * Tenant caches as an extension page reads them from the extension's IndexedDB (database `handoff`,
 * utils/storage/handoff-database.ts), by tenant key; missing tenants are absent. Self-contained: it runs
 * in the page through page.evaluate.
 */
export async function readTenantCachesInPage(keys: string[]): Promise<Record<string, unknown>> {
  const database = await new Promise<IDBDatabase | null>((resolve) => {
    const request = indexedDB.open('handoff');
    // Not created yet (nothing synced): never create it from here, or without its stores.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(null);
  });
  if (!database) return {};
  const transaction = database.transaction(['tenantSyncRecords', 'tenantIncidents'], 'readonly');
  const result = <T,>(request: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  const caches: Record<string, unknown> = {};
  for (const key of keys) {
    const [record, incidents] = await Promise.all([
      result(transaction.objectStore('tenantSyncRecords').get(key)),
      result(transaction.objectStore('tenantIncidents').getAll(IDBKeyRange.bound([key], [key, []]))),
    ]);
    if (!record) continue;
    const entries = (incidents as Array<{ id: string; incident: unknown; handoff: unknown }>).map((entry) => [entry.id, { incident: entry.incident, handoff: entry.handoff }]);
    caches[key] = { ...(record as object), incidents: Object.fromEntries(entries) };
  }
  database.close();
  return caches;
}
