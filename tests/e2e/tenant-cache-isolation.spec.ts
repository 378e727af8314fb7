import type { CDPSession, Page } from '@playwright/test';
import { CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID } from '../fixtures/demo-tenants';
import { expect, test } from './extension-fixture';
import { readTenantCachesInPage, refreshNow } from './handoff-setup';
import { chips, portalUrl, setUpSyncedTenants } from './portal-setup';

/**
 * SECURITY.md threat 6 (Chromium build): code running in the content script's isolated world on a
 * portal page reads no tenant's incidents, neither from storage.local nor from the extension's
 * IndexedDB, while an extension page reads them (the same probe, so the probe can find them). And
 * issue 12: a steady round writes only the small sync records and sends the worker no change events
 * carrying caches.
 */

/** A distinctive title of a synced Contoso incident (tests/fixtures/demo-tenants.ts). */
async function someCachedTitle(options: Page): Promise<string> {
  const caches = (await options.evaluate(readTenantCachesInPage, [CONTOSO_TENANT_ID])) as Record<
    string,
    { incidents: Record<string, { incident: { displayName: string | null } }> }
  >;
  const titles = Object.values(caches[CONTOSO_TENANT_ID]?.incidents ?? {}).flatMap(({ incident }) => (incident.displayName ? [incident.displayName] : []));
  expect(titles.length).toBeGreaterThan(5);
  return titles.find((title) => title.length > 20) ?? titles[0]!;
}

/** What the probe finds: everything storage.local answers, and every IndexedDB database with all its records. */
const probeSource = `(async () => {
  const found = { storageLocal: null, storageError: null, databases: {} };
  try {
    found.storageLocal = await chrome.storage.local.get(null);
  } catch (error) {
    found.storageError = String(error && error.message || error);
  }
  const names = new Set(['handoff', ...((await indexedDB.databases()).map((database) => database.name))]);
  for (const name of names) {
    const database = await new Promise((resolve) => {
      const request = indexedDB.open(name);
      request.onupgradeneeded = () => request.transaction.abort(); // never create one here
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
    });
    if (!database) continue;
    const stores = {};
    for (const store of database.objectStoreNames) {
      stores[store] = await new Promise((resolve) => {
        const request = database.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => resolve(String(request.error));
      });
    }
    database.close();
    found.databases[name] = stores;
  }
  return JSON.stringify(found);
})()`;

/** The execution context of Handoff's content script on `page` (CDP: an isolated world of the extension's origin). */
async function contentScriptContext(cdp: CDPSession, extensionId: string): Promise<number> {
  const contexts: Array<{ id: number; origin: string; name: string; auxData?: { type?: string } }> = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await cdp.send('Runtime.enable');
  let found: number | undefined;
  await expect
    .poll(() => {
      found = contexts.find((context) => context.auxData?.type === 'isolated' && context.origin === `chrome-extension://${extensionId}`)?.id;
      return found;
    })
    .toBeDefined();
  return found!;
}

test('the content script\'s world reads no tenant\'s incidents, from storage.local or IndexedDB', async ({ context, openExtensionPage, extensionId }) => {
  test.setTimeout(60_000); // sign-in and a first sync on a loaded machine
  const options = await setUpSyncedTenants(context, openExtensionPage, { tenants: ['contoso', 'fabrikam'], revealClosedRoots: false });
  const title = await someCachedTitle(options);

  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const contexts = contentScriptContext(cdp, extensionId);
  await page.goto(`${portalUrl}/incidents?tid=${CONTOSO_TENANT_ID}`);
  await expect(chips(page).first()).toBeAttached(); // the content script ran and asked the worker
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    expression: probeSource,
    contextId: await contexts,
    awaitPromise: true,
    returnByValue: true,
  });
  expect(exceptionDetails).toBeUndefined();
  const seen = String(result.value);
  const found = JSON.parse(seen) as { storageLocal: unknown; storageError: string | null; databases: Record<string, Record<string, unknown[]>> };
  expect(found.storageLocal).toBeNull(); // storage.local is TRUSTED_CONTEXTS on Chromium
  expect(found.storageError).toMatch(/not allowed|access/i);
  // The page's origin has no database with Handoff's stores, and nothing of any tenant.
  for (const stores of Object.values(found.databases)) expect(Object.keys(stores)).not.toContain('tenantIncidents');
  for (const secret of [title, CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, 'tenantSyncRecords']) expect(seen).not.toContain(secret);

  // The same probe in an extension page finds them: it can see what it looks for.
  const control = String(await options.evaluate(probeSource));
  expect(control).toContain(title);
  expect(control).toContain('tenantIncidents');
});

test('a steady round writes only the sync records and the summaries record, and sends the worker no change event', async ({ context, openExtensionPage, serviceWorker }) => {
  test.setTimeout(60_000);
  const options = await setUpSyncedTenants(context, openExtensionPage, { tenants: ['contoso', 'fabrikam'], revealClosedRoots: false });
  await serviceWorker.evaluate(() => {
    const counters = { idb: {} as Record<string, number>, local: 0, changedKeys: [] as string[] };
    (globalThis as { __steadyRound?: typeof counters }).__steadyRound = counters;
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      counters.idb[this.name] = (counters.idb[this.name] ?? 0) + JSON.stringify(value).length;
      return put.call(this, value, key);
    };
    const set = chrome.storage.local.set.bind(chrome.storage.local);
    chrome.storage.local.set = ((items: Record<string, unknown>) => {
      counters.local += JSON.stringify(items).length;
      return set(items);
    }) as typeof chrome.storage.local.set;
    chrome.storage.onChanged.addListener((changes) => counters.changedKeys.push(...Object.keys(changes)));
  });
  await refreshNow(options);
  const counted = await serviceWorker.evaluate(() => (globalThis as { __steadyRound?: unknown }).__steadyRound);
  const { idb, local, changedKeys } = counted as { idb: Record<string, number>; local: number; changedKeys: string[] };
  console.info(`[steady round, 2 tenants] IndexedDB puts by store: ${JSON.stringify(idb)}; storage.local: ${local} bytes; change events: ${changedKeys.join(', ')}`);
  // The sync records, and the summaries document (the `meta` store): nothing else, nothing in storage.local.
  expect(Object.keys(idb).sort()).toEqual(['meta', 'tenantSyncRecords']);
  expect(idb['tenantSyncRecords']).toBeLessThanOrEqual(2 * 2048);
  expect(local).toBe(0);
  expect(changedKeys).toEqual([]);
});
