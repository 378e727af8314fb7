import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { parseIncidents } from '../../utils/domain/parse-incidents';
import { settingsSchema } from '../../utils/domain/settings';
import { countHandoffs } from '../../utils/domain/handoff-counts';
import { classifyCachedIncident, slimIncident } from '../../utils/sync/cached-incident';
import { emptyTenantCache, type TenantCache } from '../../utils/sync/tenant-cache';
import { summaryEntryOf, tenantSummariesDocument, type TenantSummaries } from '../../utils/sync/tenant-summaries';
import { seedTenantSummaries } from '../support/stored-tenant-summaries';
import { graphTimestamp } from '../fakes/graph-time';
import { benchTenantId, generateBenchTenant, type BenchTenant } from '../bench/generate-bench-tenants';
import { expect, test } from './extension-fixture';

/**
 * The popup as a work queue at 200 tenants: totals across tenants, the filter, "My queue" in order
 * (most severe, then longest waiting), one line per tenant with the tenants needing consent pinned,
 * arrow keys between rows, and axe in the light and dark OS themes. The storage holds what a sync round
 * leaves (settings and the summaries document, made by the worker's own pure code from the generated
 * tenants' incidents): syncing 200 tenants through the fake cloud takes minutes on a loaded machine, and
 * the popup reads nothing else. (popup-and-options.spec.ts checks My queue after a real sync.)
 */

const tenantCount = 200;
const incidentsPerTenant = 20;
const day = 24 * 3_600_000;
/** Tenants the app has no consent in: "Needs consent", pinned on top of the Tenants view. */
const unconsented = [10, 50, 150];
/** Planted incidents (tenant index, severity, days awaiting): the generated ones wait at most 120 days. */
const planted = [
  { index: 136, id: '900001', severity: 'high', days: 200, title: 'Planted: the most severe, longest waiting' },
  { index: 0, id: '900002', severity: 'high', days: 150, title: 'Planted: as severe, waiting less' },
  { index: 1, id: '900003', severity: 'medium', days: 300, title: 'Planted: waiting longest, less severe' },
] as const;

function plant(tenants: BenchTenant[], now: number): void {
  for (const { index, id, severity, days, title } of planted) {
    const tenant = tenants[index]!;
    const at = graphTimestamp(now - days * day);
    tenant.service = 'xdr';
    tenant.incidents.push({
      ...tenant.incidents[0]!,
      id,
      status: 'awaitingAction',
      assignedTo: 'Customer',
      severity,
      displayName: title,
      createdDateTime: at,
      lastUpdateDateTime: at,
      incidentWebUrl: `https://security.microsoft.com/incident2/${id}/overview?tid=${tenant.tenantId}`,
      redirectIncidentId: null,
      alerts: [],
    });
  }
}

/** What a sync round leaves for the popup: the settings and the summaries document. */
function syncedStorage(tenants: readonly BenchTenant[], now: number): Record<string, unknown> {
  const summaries: TenantSummaries = {};
  for (const [index, generated] of tenants.entries()) {
    const cache: TenantCache = { ...emptyTenantCache(generated.tenantId), resolvedTenantId: generated.tenantId };
    if (unconsented.includes(index)) {
      cache.status = { state: 'needsConsent', message: 'The app has no consent in this tenant.', retryAt: null };
    } else {
      for (const incident of parseIncidents(generated.incidents).incidents) {
        const slim = slimIncident(incident);
        cache.incidents[slim.id] = { incident: slim, handoff: classifyCachedIncident(slim, generated.service, new Date(now)) };
      }
      Object.assign(cache, {
        lastAttemptAt: new Date(now).toISOString(),
        lastSuccessAt: new Date(now).toISOString(),
        status: { state: 'ok', message: null, retryAt: null },
        summary: countHandoffs(Object.values(cache.incidents).map((entry) => entry.handoff)),
      });
    }
    summaries[cache.tenantKey] = summaryEntryOf(cache);
  }
  const settings = settingsSchema.parse({
    tenants: tenants.map(({ tenantId, displayName, service }) => ({ tenantId, resolvedTenantId: tenantId, displayName, service })),
  });
  return { settings, tenantSummaries: tenantSummariesDocument(summaries) };
}

async function seriousViolations(page: Page): Promise<unknown[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.map((node) => node.target) }));
}

const rowsOf = (list: Locator) => list.locator(':scope > li');

test('at 200 tenants the popup shows totals, filters to a typed tenant, puts the most urgent incident first and keeps lines short', async ({
  context,
  openExtensionPage,
}) => {
  test.setTimeout(180_000); // two axe runs per theme, seconds each on a loaded machine
  const now = Date.now();
  const tenants = Array.from({ length: tenantCount }, (_, index) => generateBenchTenant(index, incidentsPerTenant, now));
  plant(tenants, now);
  const storage = syncedStorage(tenants, now);
  const awaitingTotal = Object.values((storage.tenantSummaries as { tenants: TenantSummaries }).tenants).reduce(
    (sum, entry) => sum + entry.summary.awaitingYou,
    0,
  );
  expect(awaitingTotal).toBeGreaterThan(planted.length);
  const options = await openExtensionPage('options.html');
  await options.evaluate((items) => chrome.storage.local.set(items), { settings: storage.settings });
  await seedTenantSummaries(options, storage.tenantSummaries);

  const popup = await context.newPage();
  await popup.setViewportSize({ width: 412, height: 600 });
  await popup.goto(options.url().replace('options.html', 'popup.html'));

  await test.step('totals across tenants', async () => {
    await expect(popup.locator('.work-queue__totals')).toHaveText(`${awaitingTotal} awaiting you · 3 tenants need attention`);
  });

  const queue = popup.getByRole('list', { name: 'My queue' });
  await test.step('My queue: the most severe, longest-waiting incident awaiting you first', async () => {
    const first = rowsOf(queue).first().getByRole('link');
    await expect(first).toContainText('High · Customer 137 · Act on remediation · 200d');
    // Only the summaries are seeded here: with no incident cache to read its title from, the row names it by id.
    await expect(first).toContainText('Incident 900001');
    await expect(first).toHaveAttribute('href', `https://security.microsoft.com/incident2/900001/overview?tid=${benchTenantId(136)}`);
    await expect(rowsOf(queue).nth(1)).toContainText('High · Customer 1 · Act on remediation · 150d');
    // Windowed: far fewer rows in the page than in the queue.
    const setSize = Number(await rowsOf(queue).first().getAttribute('aria-setsize'));
    expect(setSize).toBeGreaterThan(planted.length);
    expect(await rowsOf(queue).count()).toBeLessThan(Math.min(setSize, 25));
  });

  await test.step('arrow keys move between rows; the list is one tab stop', async () => {
    await rowsOf(queue).first().getByRole('link').focus();
    await popup.keyboard.press('ArrowDown');
    await expect(rowsOf(queue).nth(1).getByRole('link')).toBeFocused();
    await expect(queue.locator('[tabindex="0"]')).toHaveCount(1);
    await popup.keyboard.press('ArrowUp');
    await expect(rowsOf(queue).first().getByRole('link')).toBeFocused();
  });

  const tenantList = popup.getByRole('list', { name: 'Tenants' });
  await test.step('Tenants: one short line each, those needing consent pinned on top', async () => {
    await popup.getByRole('button', { name: /^Tenants \(200\)$/ }).click();
    await expect(rowsOf(tenantList).first()).toHaveText('Needs attention (3)');
    for (const position of [1, 2, 3]) await expect(rowsOf(tenantList).nth(position)).toContainText('Needs consent');
    const heights = await rowsOf(tenantList).evaluateAll((rows) => rows.map((row) => row.getBoundingClientRect().height));
    expect(heights.length).toBeGreaterThan(5);
    for (const height of heights) expect(height).toBeLessThanOrEqual(36);
    await rowsOf(tenantList).nth(1).getByRole('link').focus();
    await popup.keyboard.press('ArrowDown');
    await expect(rowsOf(tenantList).nth(2).getByRole('link')).toBeFocused();
    // End: the last row, far outside the rendered window at first, is rendered and focused.
    await popup.keyboard.press('End');
    const last = popup.locator(':focus').locator('xpath=ancestor::li[1]');
    await expect(last).toHaveAttribute('aria-posinset', (await last.getAttribute('aria-setsize'))!);
    expect(Number(await last.getAttribute('aria-setsize'))).toBeGreaterThan(100);
  });

  await test.step('the filter finds a typed tenant', async () => {
    await popup.getByRole('searchbox', { name: 'Filter by tenant or incident' }).fill('Customer 137');
    await expect(tenantList.locator('.tenant-line__name')).toHaveText(['Customer 137']);
    await popup.getByRole('button', { name: /^My queue/ }).click();
    await expect(rowsOf(queue).first()).toContainText('Customer 137');
    const tenantsShown = await queue.locator('li:not(.queue-row--more) .queue-row__what').evaluateAll((rows) => rows.map((row) => row.textContent?.split(' · ')[1]));
    expect(new Set(tenantsShown)).toEqual(new Set(['Customer 137']));
    await popup.getByRole('searchbox', { name: 'Filter by tenant or incident' }).fill('');
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    await test.step(`axe: no serious or critical violation (${colorScheme})`, async () => {
      await popup.emulateMedia({ colorScheme });
      for (const view of [/^My queue/, /^Tenants/]) {
        await popup.getByRole('button', { name: view }).click();
        expect(await seriousViolations(popup)).toEqual([]);
      }
    });
  }
});
