/**
 * Popup time to first render from the cache of 200 tenants x 300 incidents, in the built extension in
 * Chromium: the storage holds what a real sync leaves (settings, the summaries document, every tenant's
 * incident cache), and the popup is opened eleven times: the first open is cold (nothing of the page cached
 * in this browser yet), the other ten warm. Time is from navigation start to the frame that
 * shows the loaded popup's first list rows (it renders only the rows in view), read from the page's own clock.
 */
import { chromium } from '@playwright/test';
import { parseIncidents } from '../../utils/domain/parse-incidents';
import { settingsSchema } from '../../utils/domain/settings';
import { classifyCachedIncident, slimIncident } from '../../utils/sync/cached-incident';
import { countHandoffs } from '../../utils/domain/handoff-counts';
import { emptyTenantCache, type TenantCache } from '../../utils/sync/tenant-cache';
import { summaryEntryOf, tenantSummariesDocument } from '../../utils/sync/tenant-summaries';
import { seedTenantSummaries } from '../support/stored-tenant-summaries';
import { assertExtensionBuilt, chromiumArgs, chromiumExecutable } from '../support/chromium';
import type { BenchSection } from './bench-section';
import { formatBytes, formatMs, formatTable } from './format-table';
import { generateBenchTenant } from './generate-bench-tenants';

const tenantCount = 200;
const incidentsPerTenant = 300;
/** One cold open, then warm ones. */
const runs = 11;

function benchStorage(now: number) {
  const storage: Record<string, unknown> = {};
  const summaries: Record<string, ReturnType<typeof summaryEntryOf>> = {};
  const tenants = [];
  for (let index = 0; index < tenantCount; index += 1) {
    const generated = generateBenchTenant(index, incidentsPerTenant, now);
    const incidents: TenantCache['incidents'] = {};
    for (const incident of parseIncidents(generated.incidents).incidents) {
      const slim = slimIncident(incident);
      incidents[slim.id] = { incident: slim, handoff: classifyCachedIncident(slim, generated.service, new Date(now)) };
    }
    const cache: TenantCache = {
      ...emptyTenantCache(generated.tenantId),
      resolvedTenantId: generated.tenantId,
      lastAttemptAt: new Date(now).toISOString(),
      lastSuccessAt: new Date(now).toISOString(),
      status: { state: 'ok', message: null, retryAt: null },
      incidents,
      summary: countHandoffs(Object.values(incidents).map((entry) => entry.handoff)),
    };
    storage[`tenantCache:${cache.tenantKey}`] = cache;
    summaries[cache.tenantKey] = summaryEntryOf(cache);
    tenants.push({ tenantId: generated.tenantId, resolvedTenantId: generated.tenantId, displayName: generated.displayName, service: generated.service });
  }
  storage.settings = settingsSchema.parse({ tenants });
  return { storage, summaries: tenantSummariesDocument(summaries) };
}

export const popupBench: BenchSection = {
  name: 'popup',
  title: `Popup: first render from the cache of ${tenantCount} tenants x ${incidentsPerTenant} incidents`,
  async run() {
    const { storage, summaries } = benchStorage(Date.now());
    const storedBytes = Buffer.byteLength(JSON.stringify(storage)) + Buffer.byteLength(JSON.stringify(summaries));
    const extensionDir = assertExtensionBuilt();
    const context = await chromium.launchPersistentContext('', {
      executablePath: chromiumExecutable(),
      headless: true,
      args: chromiumArgs(extensionDir),
    });
    try {
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
      const extensionId = new URL(worker.url()).host;
      const setup = await context.newPage();
      await setup.goto(`chrome-extension://${extensionId}/options.html`);
      await setup.evaluate((items) => chrome.storage.local.set(items), storage);
      await seedTenantSummaries(setup, summaries);
      await setup.close();
      // The analyst opens the popup long after a sync wrote its caches: let the storage backend settle.
      await new Promise((settled) => setTimeout(settled, 5_000));

      const times: number[] = [];
      const ownWork: number[] = [];
      for (let run = 0; run < runs; run += 1) {
        const popup = await context.newPage();
        await popup.setViewportSize({ width: 420, height: 600 });
        // Watches from the very start of the page for the frame where the loaded popup shows list rows.
        await popup.addInitScript(() => {
          const observer = new MutationObserver(() => {
            if (document.querySelector('main.popup[aria-busy="false"] ul > li')) {
              observer.disconnect();
              requestAnimationFrame(() => ((window as unknown as { renderedAt: number }).renderedAt = performance.now()));
            }
          });
          observer.observe(document, { childList: true, subtree: true });
        });
        await popup.goto(`chrome-extension://${extensionId}/popup.html`);
        await popup.waitForFunction(() => typeof (window as unknown as { renderedAt?: number }).renderedAt === 'number');
        const { renderedAt, scriptsLoadedAt } = await popup.evaluate(() => ({
          renderedAt: (window as unknown as { renderedAt: number }).renderedAt,
          // The page's HTML had arrived: what follows is loading and running our bundles, reading storage, rendering.
          scriptsLoadedAt: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseEnd,
        }));
        times.push(renderedAt);
        ownWork.push(renderedAt - scriptsLoadedAt);
        await popup.close();
        await new Promise((settled) => setTimeout(settled, 500));
      }
      const rank = (values: number[], fraction: number) =>
        [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(fraction * values.length) - 1)]!;
      const warm = times.slice(1);
      const median = rank(warm, 0.5);
      return formatTable(
        ['measure', 'value', 'goal'],
        [
          ['extension storage (JSON)', formatBytes(storedBytes), ''],
          ['first render, cold (first open in this browser)', formatMs(times[0]!), ''],
          [`first render, warm median of ${warm.length}`, formatMs(median), 'under 100 ms'],
          [`first render, warm p95 (nearest rank of ${warm.length})`, formatMs(rank(warm, 0.95)), ''],
          ['first render, each run (cold first)', times.map(formatMs).join(', '), ''],
          ['of which after the page arrived (warm median)', formatMs(rank(ownWork.slice(1), 0.5)), ''],
          ['verdict', median < 100 ? 'within goal' : 'over goal', ''],
        ],
      );
    } finally {
      await context.close();
    }
  },
};
