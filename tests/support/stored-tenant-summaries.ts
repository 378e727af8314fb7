/**
 * The tenant summaries document as the extension stores it (utils/storage/tenant-summaries-storage.ts: the
 * `meta` store of the extension origin's IndexedDB `handoff`, record `tenantSummaries`), read and written
 * from an extension page by the e2e tests and the benches. A stored format: keep in step with that module.
 */
import type { Page } from '@playwright/test';

/** Writes `document` ({schemaVersion, tenants}) as the summaries and tells the extension's pages. */
export async function seedTenantSummaries(page: Page, document: unknown): Promise<void> {
  // A settings change just before starts a round whose summaries write would land on the planted document:
  // refreshNow answers once the round in progress (and one more) is over.
  await page.evaluate(() => chrome.runtime.sendMessage({ type: 'refreshNow' }));
  await page.evaluate(async (value) => {
    // The worker creates the database when it starts; opening it first here would create it without stores.
    for (let attempt = 0; !(await indexedDB.databases()).some((database) => database.name === 'handoff'); attempt += 1) {
      if (attempt > 100) throw new Error('the extension never created its IndexedDB database');
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('handoff');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise((resolve, reject) => {
      const transaction = database.transaction(['meta'], 'readwrite');
      transaction.objectStore('meta').put({ name: 'tenantSummaries', document: value });
      transaction.oncomplete = resolve;
      transaction.onerror = () => reject(transaction.error);
    });
    database.close();
    const channel = new BroadcastChannel('handoff:tenantSummaries');
    channel.postMessage('changed');
    channel.close();
  }, document);
}

/** The stored summaries' tenants, or null when there is no readable document. */
export async function storedTenantSummaries<T = Record<string, unknown>>(page: Page): Promise<Record<string, T> | null> {
  return page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((database) => database.name === 'handoff')) return null;
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('handoff');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const record = await new Promise<unknown>((resolve, reject) => {
        const request = database.transaction(['meta'], 'readonly').objectStore('meta').get('tenantSummaries');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tenants = (record as { document?: { tenants?: unknown } } | undefined)?.document?.tenants;
      return typeof tenants === 'object' && tenants !== null ? (tenants as Record<string, never>) : null;
    } finally {
      database.close();
    }
  });
}
