import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { settingsSchema, tenantConfigSchema, type TenantConfig } from '../../utils/domain/settings';
import { emptyTenantCache, type TenantCache } from '../../utils/sync/tenant-cache';
import { summaryEntryOf, tenantSummariesDocument, type TenantSummaries } from '../../utils/sync/tenant-summaries';
import { seedTenantSummaries } from '../support/stored-tenant-summaries';
import { expect, test } from './extension-fixture';
import { signInThroughOptions } from './handoff-setup';

/**
 * The options page at 200 tenants (issue 14, item 6): pages in a side navigation, one tenant table with a
 * line per tenant, readiness as filters with counts, a search, Remove with Undo, and the GDAP import's
 * select all and "set service for selected". The storage holds what a sync round leaves (settings and the
 * summaries document), as in popup-work-queue.spec.ts.
 */

const tenantCount = 200;
const guid = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
/** Tenants without consent: 5, 21, …, 181 (12 of them). */
const unconsented = Array.from({ length: 12 }, (_, at) => 5 + at * 16);
const renamed = 77;

function generatedTenant(index: number): TenantConfig {
  const readOnly = index % 3 === 1;
  return tenantConfigSchema.parse({
    tenantId: guid(index),
    resolvedTenantId: guid(index),
    displayName: index === renamed ? 'Northwind Traders' : `Customer ${String(index).padStart(3, '0')}`,
    service: index % 3 === 0 ? 'hunting' : 'xdr',
    teamsChannelUrl: index % 4 === 0 ? `https://teams.microsoft.com/l/channel/19%3a${index}/SOC` : null,
    color: index % 2 === 0 ? 'purple' : 'teal',
    securityRoles: ['Security Reader', 'Security Operator'],
    heldSecurityRoles: [{ role: readOnly ? 'Security Reader' : 'Security Operator', via: ['Woodgrove SOC'] }],
  });
}

const tenants = Array.from({ length: tenantCount }, (_, index) => generatedTenant(index));
/** The counts the chips must show, worked out here from the generator's rules. */
const readOnlyCount = tenants.filter((_, index) => index % 3 === 1).length;
const noTeamsLinkCount = tenants.filter((tenant) => tenant.service === 'xdr' && !tenant.teamsChannelUrl).length;

function summaries(): unknown {
  const entries: TenantSummaries = {};
  for (const [index, tenant] of tenants.entries()) {
    const cache: TenantCache = { ...emptyTenantCache(tenant.tenantId), resolvedTenantId: tenant.tenantId };
    cache.status = unconsented.includes(index)
      ? { state: 'needsConsent', message: 'The app has no consent in this tenant.', retryAt: null }
      : { state: 'ok', message: null, retryAt: null };
    if (!unconsented.includes(index)) cache.lastSuccessAt = new Date().toISOString();
    entries[cache.tenantKey] = summaryEntryOf(cache);
  }
  return tenantSummariesDocument(entries);
}

async function seriousViolations(page: Page): Promise<unknown[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.map((node) => node.target) }));
}

const pageHeight = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight);
const storedTenants = (page: Page) =>
  page.evaluate(async () => ((await chrome.storage.local.get('settings')).settings as { tenants: unknown[] }).tenants);

test('at 200 tenants the tenant page is one screen of table: readiness filters with counts, search, Remove and Undo', async ({ openExtensionPage }) => {
  test.setTimeout(180_000); // axe over 200 rows, twice, on a loaded machine
  const options = await openExtensionPage('options.html');
  await options.evaluate((settings) => chrome.storage.local.set({ settings }), settingsSchema.parse({ tenants }));
  await seedTenantSummaries(options, summaries());

  await test.step('the pages are a navigation with the current one marked', async () => {
    const nav = options.getByRole('navigation', { name: 'Options pages' });
    await expect(nav.getByRole('link', { name: 'Account' })).toHaveAttribute('aria-current', 'page');
    // The first page: Get started while it is unfinished, then the account.
    await expect(options.getByRole('region', { name: 'Get started' })).toBeVisible();
    await nav.getByRole('link', { name: 'Tenants' }).click();
    await expect(options).toHaveURL(/#tenants$/);
    await expect(nav.getByRole('link', { name: 'Tenants' })).toHaveAttribute('aria-current', 'page');
    await expect(options.getByRole('heading', { name: 'Tenants', level: 2 })).toBeFocused();
    await expect(options.getByRole('textbox', { name: 'Application (client) ID' })).toHaveCount(0);
  });

  const table = options.getByRole('table', { name: 'Customer tenants' });
  const rows = table.locator('tbody tr');
  const shown = options.locator('.tenant-table__shown');
  await expect(shown).toHaveText('200 tenants');
  await expect(rows).toHaveCount(tenantCount);

  await test.step('the page stays under 3,000 px', async () => {
    const height = await pageHeight(options);
    test.info().annotations.push({ type: 'tenants page height at 200 tenants (px)', description: String(height) });
    expect(height).toBeLessThan(3_000);
  });

  await test.step('readiness as filters with counts', async () => {
    const filters = options.getByRole('group', { name: 'Show tenants by readiness' });
    await expect(filters.getByRole('button')).toHaveText([
      'All 200',
      'Needs consent 12',
      `Read-only ${readOnlyCount}`,
      `No Teams link ${noTeamsLinkCount}`,
    ]);
    await filters.getByRole('button', { name: 'Needs consent 12' }).click();
    await expect(filters.getByRole('button', { name: 'Needs consent 12' })).toHaveAttribute('aria-pressed', 'true');
    await expect(rows).toHaveCount(12);
    await expect(shown).toHaveText('Showing 12 of 200 tenants');
    expect(await rows.evaluateAll((found) => found.map((row) => row.getAttribute('data-tenant-key')))).toEqual(unconsented.map(guid));
    await filters.getByRole('button', { name: `Read-only ${readOnlyCount}` }).click();
    await expect(rows).toHaveCount(readOnlyCount);
    await filters.getByRole('button', { name: 'All 200' }).click();
    await expect(rows).toHaveCount(tenantCount);
  });

  await test.step('a tenant’s name opens its readiness', async () => {
    await table.getByRole('link', { name: 'Customer 001' }).click();
    await expect(options).toHaveURL(new RegExp(`#tenant=${guid(1)}$`));
    const details = options.getByRole('region', { name: 'Customer 001' });
    await expect(details.getByRole('article', { name: 'Readiness: Customer 001' })).toContainText('Access: Read only (Security Reader via Woodgrove SOC)');
    await expect(details).toContainText('Needs: Read-only · No Teams link');
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    await options.emulateMedia({ colorScheme });
    expect(await seriousViolations(options), `tenants page, ${colorScheme}`).toEqual([]);
  }

  await test.step('search narrows to one tenant; Remove, then Undo puts it back with its settings', async () => {
    const before = await storedTenants(options);
    await options.getByRole('searchbox', { name: 'Search tenants' }).fill('northwind');
    await expect(rows).toHaveCount(1);
    await expect(rows).toHaveAttribute('data-tenant-key', guid(renamed));
    await table.getByRole('button', { name: 'Remove Northwind Traders' }).click();
    await expect(options.getByText('No tenant matches.')).toBeVisible();
    await expect.poll(async () => (await storedTenants(options)).length).toBe(tenantCount - 1);
    const toast = options.locator('.undo-toast');
    await expect(toast).toHaveAttribute('role', 'status');
    await expect(toast).toContainText('Removed Northwind Traders.');
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect(rows).toHaveCount(1);
    await expect(options.getByText('Restored Northwind Traders.')).toBeVisible();
    expect(await storedTenants(options)).toEqual(before);
  });
});

test('the GDAP import: search, select all shown, set service for selected, add', async ({ context, openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  await signInThroughOptions(context, options);
  await options.getByRole('navigation', { name: 'Options pages' }).getByRole('link', { name: 'Tenants' }).click();
  await options.getByRole('button', { name: 'Import from GDAP' }).click();
  const customers = options.getByRole('table', { name: 'GDAP customers' });
  await expect(customers.locator('tbody tr')).toHaveCount(3);

  const search = options.getByRole('searchbox', { name: 'Search customers' });
  await search.fill('fab');
  await expect(customers.locator('tbody tr')).toHaveCount(1);
  await options.getByRole('checkbox', { name: 'Select all shown (1)' }).check();
  await options.getByRole('combobox', { name: 'Service for selected' }).selectOption({ label: 'Defender Experts for Hunting' });
  await options.getByRole('button', { name: 'Set service for selected' }).click();
  await expect(customers.getByRole('combobox', { name: 'Defender Experts service for Fabrikam' })).toHaveValue('hunting');

  await search.fill('');
  const selectAll = options.getByRole('checkbox', { name: 'Select all (3)' });
  await expect(selectAll).toHaveJSProperty('indeterminate', true);
  await selectAll.check();
  await expect(customers.getByRole('checkbox')).toHaveCount(3);
  for (const checkbox of await customers.getByRole('checkbox').all()) await expect(checkbox).toBeChecked();
  // Select all keeps the service already chosen; the others get XDR.
  await expect(customers.getByRole('combobox', { name: 'Defender Experts service for Fabrikam' })).toHaveValue('hunting');
  await expect(customers.getByRole('combobox', { name: 'Defender Experts service for Contoso' })).toHaveValue('xdr');
  await search.fill('northwind');
  await options.getByRole('combobox', { name: 'Service for selected' }).selectOption({ label: 'None' });
  await options.getByRole('button', { name: 'Set service for selected' }).click();
  await search.fill('');
  await options.getByRole('button', { name: 'Add selected tenants (3)' }).click();
  await expect(options.getByText('Added 3 tenants.')).toBeVisible();
  const services = await options.evaluate(async () =>
    Object.fromEntries(
      ((await chrome.storage.local.get('settings')).settings as { tenants: Array<{ displayName: string; service: string }> }).tenants.map((tenant) => [
        tenant.displayName,
        tenant.service,
      ]),
    ),
  );
  expect(services).toEqual({ Contoso: 'xdr', Fabrikam: 'hunting', 'Northwind Traders': 'none' });
});

test('sync settings save as they change, with "Saved." or why not; every page passes axe in both themes', async ({ openExtensionPage }) => {
  test.setTimeout(180_000); // axe on four pages, twice, on a loaded machine
  const options = await openExtensionPage('options.html');
  const nav = options.getByRole('navigation', { name: 'Options pages' });
  // Keyboard: a link of the navigation opens its page and puts the focus on its heading.
  await nav.getByRole('link', { name: 'Sync and notifications' }).focus();
  await options.keyboard.press('Enter');
  await expect(options.getByRole('heading', { name: 'Sync and notifications', level: 2 })).toBeFocused();
  const stored = () => options.evaluate(async () => (await chrome.storage.local.get('settings')).settings as Record<string, unknown> | undefined);
  const status = options.locator('.sync-settings [role="status"]');

  await expect(status).toHaveText('');
  await options.getByRole('checkbox', { name: 'Reviews of what Defender Experts resolved' }).check();
  await expect(status).toHaveText('Saved.');
  expect((await stored())?.badgeIncludesReviews).toBe(true);

  const interval = options.getByRole('spinbutton', { name: 'Poll every (minutes)' });
  await interval.fill('0');
  await expect(status).toHaveText('Not saved: poll every 1 to 60 minutes (a whole number).');
  await expect(interval).toHaveAttribute('aria-invalid', 'true');
  expect((await stored())?.pollIntervalMinutes).toBe(2);
  await interval.fill('5');
  await expect(status).toHaveText('Saved.');
  await expect(interval).not.toHaveAttribute('aria-invalid');
  expect((await stored())?.pollIntervalMinutes).toBe(5);
  // Reloaded, the page shows what was saved.
  await options.reload();
  await expect(options.getByRole('spinbutton', { name: 'Poll every (minutes)' })).toHaveValue('5');

  for (const page of ['Account', 'Sync and notifications', 'Reports and audit', 'About'] as const) {
    await nav.getByRole('link', { name: page, exact: true }).click();
    await expect(nav.getByRole('link', { name: page, exact: true })).toHaveAttribute('aria-current', 'page');
    for (const colorScheme of ['light', 'dark'] as const) {
      await options.emulateMedia({ colorScheme });
      expect(await seriousViolations(options), `${page}, ${colorScheme}`).toEqual([]);
    }
  }
});
