import type { BrowserContext, Page } from '@playwright/test';
import type { FakeMicrosoftCloud } from '../fakes/fake-microsoft-cloud';
import { CONTOSO_TENANT_ID } from '../fixtures/demo-tenants';
import { revealClosedRoots } from '../e2e/portal-setup';
import type { DemoShots } from './demo-shots';
import { needsAttention, unconsentedTenant } from './demo-setup';

/**
 * Each surface of Handoff in each main state, reached as a user would and written by DemoShots:
 * first run, failure, work queue, chip popover, panel top card. Each waits for what it shows, never a time.
 */

const portalUrl = 'https://security.microsoft.com';
/** Contoso's remediation incident: awaiting the partner (Act), with open remediation tasks. */
const actIncidentId = '1002';

export interface DemoPages {
  context: BrowserContext;
  extensionId: string;
  shots: DemoShots;
}

export async function openPage(context: BrowserContext, url: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(url);
  return page;
}

export function openPopup({ context, extensionId }: DemoPages): Promise<Page> {
  return openPage(context, `chrome-extension://${extensionId}/popup.html`, { width: 420, height: 600 });
}

/** First run: the options page before sign-in, led by the "Get started" checklist. */
export async function firstRun({ shots }: DemoPages, options: Page): Promise<void> {
  const checklist = options.getByRole('region', { name: 'Get started' });
  await checklist.getByText(/^Get started: 0 of \d+ steps done/).waitFor();
  await shots.element('first-run-options-get-started', 'options page before sign-in: the "Get started" checklist', checklist);
}

/**
 * Failure: a tenant without admin consent, in the options' "Needs attention" (plain words, Copy consent
 * link, Retry) and pinned on top of the popup's Tenants view. Then the administrator approves and Retry
 * clears it, so the rest of the demo has every tenant synced.
 */
export async function consentFailure(pages: DemoPages, options: Page, cloud: FakeMicrosoftCloud): Promise<void> {
  const failure = needsAttention(options, unconsentedTenant.name);
  await failure.getByRole('button', { name: 'Copy consent link' }).waitFor();
  await pages.shots.element(
    'failure-options-needs-consent',
    `options page: ${unconsentedTenant.name} has not approved Handoff ("Needs attention", Copy consent link)`,
    options.locator('section.tenant-failures'),
  );
  const popup = await openPopup(pages);
  await popup.getByRole('button', { name: /^Tenants/ }).click();
  await popup.getByRole('list', { name: 'Tenants' }).getByRole('link', { name: new RegExp(`^${unconsentedTenant.name}`) }).waitFor();
  await pages.shots.element('failure-popup-tenants', 'popup, Tenants view: the tenant needing consent pinned on top', popup.locator('main.popup'));
  await popup.close();

  cloud.entra.consentedTenants.add(unconsentedTenant.tenantId);
  await failure.getByRole('button', { name: 'Retry' }).click();
  await options.getByRole('heading', { name: /^Needs attention/ }).waitFor({ state: 'detached' });
}

/** The incident page of an incident awaiting the partner: the panel's top card, and the whole page. */
export async function panelTopCard({ context, shots }: DemoPages): Promise<Page> {
  const page = await context.newPage();
  await revealClosedRoots(page); // the panel's root is closed (SECURITY.md, threat 3): test-only access
  await page.goto(`${portalUrl}/incident2/${actIncidentId}/overview?tid=${CONTOSO_TENANT_ID}`);
  const host = page.locator('handoff-incident-panel[data-handoff-owner="partner"]');
  await host.waitFor({ state: 'attached' });
  const region = host.getByRole('region', { name: 'Handoff' });
  const card = region.getByRole('group', { name: /^Your move · Act/ });
  await shots.around('panel-top-card', 'portal incident page: the Handoff panel\'s top card, "Your move · Act"', page, [
    region.locator('.handoff-panel__header'),
    card,
  ]);
  await shots.page('panel-portal-incident-page', 'portal incident page with the Handoff panel', page);
  return page;
}

/** The portal's incident list with verb chips, one chip's popover open (it leads with the action). */
export async function chipPopover({ context, shots }: DemoPages): Promise<Page> {
  const page = await context.newPage();
  await revealClosedRoots(page);
  await page.goto(`${portalUrl}/incidents?tid=${CONTOSO_TENANT_ID}`);
  const chip = page.locator(`handoff-incident-chip[data-handoff-incident-id="${actIncidentId}"]`);
  await chip.getByRole('button', { name: /^Act / }).click();
  const popover = page.locator('handoff-chip-popover .popover');
  await popover.getByText('Act on the remediation actions, then resolve the incident').waitFor();
  // The name column from its header down to a Review chip: Defender Experts, Act, Triage and Review in view.
  await shots.around('chip-popover-portal-queue', 'portal incident list: verb chips, the popover of an "Act" chip open', page, [
    page.getByRole('columnheader', { name: 'Incident name' }),
    page.locator('handoff-incident-chip[data-handoff-verb="review"]').last(),
    popover,
  ], 4); // a wider margin would show the next column's edge
  await shots.page('chips-portal-queue-page', 'portal incident list with Act, Review, Triage and Experts chips', page);
  return page;
}

/** The popup's "My queue" after sync, in the light and the dark OS theme. */
export async function workQueue(pages: DemoPages): Promise<Page> {
  const popup = await openPopup(pages);
  await popup.getByRole('list', { name: 'My queue' }).waitFor();
  const main = popup.locator('main.popup');
  await pages.shots.element('work-queue-popup', 'popup: My queue across tenants, light theme', main);
  await popup.emulateMedia({ colorScheme: 'dark' });
  await popup.waitForFunction(() => matchMedia('(prefers-color-scheme: dark)').matches);
  await pages.shots.element('work-queue-popup-dark', 'popup: My queue, dark OS theme', main);
  await popup.emulateMedia({ colorScheme: null });
  return popup;
}

/**
 * Hunting across tenants: Defender Experts' first recommended query of Contoso's hunting incident (1003),
 * opened from the panel's "Run in all my tenants" and run over every tenant; Contoso's rows shown. In the
 * demo world Northwind has not consented to ThreatHunting.Read.All, so its line says so.
 */
export async function huntAcrossTenants({ context, shots }: DemoPages): Promise<Page> {
  const portal = await context.newPage();
  await revealClosedRoots(portal);
  await portal.goto(`${portalUrl}/incident2/1003/overview?tid=${CONTOSO_TENANT_ID}`);
  const guidance = portal.locator('handoff-incident-panel').getByRole('group', { name: 'Hunting guidance' });
  const opened = context.waitForEvent('page');
  await guidance.getByRole('button', { name: 'Run in all my tenants' }).first().click();
  const hunt = await opened;
  await hunt.setViewportSize({ width: 1280, height: 900 });
  await hunt.getByRole('button', { name: 'Run', exact: true }).click();
  const results = hunt.getByRole('list', { name: 'Results by tenant' });
  await results.locator('[data-kind="needsConsent"]').waitFor();
  await hunt.getByRole('status').filter({ hasText: /3 of 3 tenants answered/ }).waitFor();
  await results.getByRole('listitem').filter({ hasText: 'Contoso' }).getByRole('button', { name: 'Show rows' }).click();
  await results.getByRole('table').waitFor();
  await shots.page('hunt-across-tenants', 'Hunt page: a Defender Experts query run in every tenant, Contoso\'s rows open', hunt, { fullPage: true });
  await portal.close();
  return hunt;
}
