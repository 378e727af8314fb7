import type { Page } from '@playwright/test';
import { CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, NORTHWIND_TENANT_ID } from '../fixtures/demo-tenants';
import { expect, test } from './extension-fixture';
import { panel, portalUrl, setUpSyncedTenants } from './portal-setup';

/**
 * The handoff panel on incident pages: one incident per classifier row (DESIGN.md), followed through
 * the portal's single-page navigation, plus its links and its look on pages the portal may serve.
 */

interface PanelExpectation {
  tid: string;
  id: string;
  owner: 'defenderExperts' | 'partner' | 'none';
  area: string;
  /** Texts the panel must show: headline, step, scope, the partner's action, the matrix duties. */
  texts: readonly (string | RegExp)[];
}

const rows: readonly PanelExpectation[] = [
  {
    tid: CONTOSO_TENANT_ID,
    id: '1007',
    owner: 'none',
    area: 'merged',
    texts: ['Nobody’s move · Merged', 'Merged into incident 1001: the work goes on there.', 'Open incident 1001'],
  },
  {
    tid: CONTOSO_TENANT_ID,
    id: '1002',
    owner: 'partner',
    area: 'incidentRemediation',
    texts: [
      'Your move · Act',
      'Incident remediation',
      "Contoso · Defender Experts for XDR · In Defender Experts' scope",
      'Act on the remediation actions, then resolve the incident',
      'Act on and resolve incidents awaiting remediation actions.',
      'If given the Security operator role: Respond with remediation actions.',
    ],
  },
  {
    tid: CONTOSO_TENANT_ID,
    id: '1003',
    owner: 'partner',
    area: 'hunting',
    texts: ['Your move', 'Hunting', 'Review and respond to hunting-generated true positive incidents as needed.'],
  },
  {
    tid: CONTOSO_TENANT_ID,
    id: '1004',
    owner: 'defenderExperts',
    area: 'incidentTriage',
    texts: ['Defender Experts’ move · Triage', 'Nothing for you right now.', 'Incident triage', 'Why is this theirs?'],
  },
  {
    tid: CONTOSO_TENANT_ID,
    id: '1001',
    owner: 'defenderExperts',
    area: 'incidentInvestigation',
    texts: ['Defender Experts’ move', "Investigate in-scope incidents and post an incident's investigation summary."],
  },
  {
    tid: CONTOSO_TENANT_ID,
    id: '1006',
    owner: 'partner',
    area: 'incidentInvestigation',
    texts: ['Your move · Review', 'Review the investigation summary and validate the classification', 'Why is this ours?'],
  },
  {
    tid: CONTOSO_TENANT_ID,
    id: '1008',
    owner: 'partner',
    area: 'incidentTriage',
    texts: ["Outside Defender Experts' scope: yours", 'Your move · Triage', 'Triage it: assign it to yourself', 'Assign to me'],
  },
  {
    tid: CONTOSO_TENANT_ID,
    id: '1011',
    owner: 'partner',
    area: 'incidentInvestigation',
    texts: ["Outside Defender Experts' scope: yours", 'Your move · Triage', 'Investigate it'],
  },
  { tid: CONTOSO_TENANT_ID, id: '1015', owner: 'none', area: 'closed', texts: ['Nobody’s move · Closed', 'Closed: nothing to do.'] },
  {
    tid: FABRIKAM_TENANT_ID,
    id: '2009',
    owner: 'partner',
    area: 'incidentInvestigation',
    texts: ['Defender Experts for Hunting', 'Defender Experts have no part in this step for this tenant: it is yours.'],
  },
  {
    tid: NORTHWIND_TENANT_ID,
    id: '3001',
    owner: 'partner',
    area: 'incidentTriage',
    texts: ['Northwind Traders · Yours: this tenant has no Defender Experts service'],
  },
];

async function navigateInPortal(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => history.pushState({}, '', to), path);
}

test('each classifier row shows as a panel, following the portal’s navigation between incidents and tenants', async ({
  context,
  openExtensionPage,
}) => {
  await setUpSyncedTenants(context, openExtensionPage);
  const page = await context.newPage();
  await page.goto(`${portalUrl}/incident2/1007/overview?tid=${CONTOSO_TENANT_ID}`);
  for (const row of rows) {
    await navigateInPortal(page, `/incident2/${row.id}/overview?tid=${row.tid}`);
    const host = panel(page);
    await expect(host).toHaveCount(1);
    await expect(host).toHaveAttribute('data-handoff-incident-id', row.id);
    await expect(host).toHaveAttribute('data-handoff-owner', row.owner);
    await expect(host).toHaveAttribute('data-handoff-area', row.area);
    const region = host.getByRole('region', { name: 'Handoff' });
    for (const text of row.texts) await expect(region).toContainText(text);
    // Each thing said once: no "Act: Act on …", no "You do: (no action)" beside "Your move".
    await expect(region).not.toContainText(/Act: Act|Triage: Triage|Review: Review|\(no action\)/);
  }
  // Back/forward: the panel follows the history.
  await page.goBack();
  await expect(panel(page)).toHaveAttribute('data-handoff-incident-id', '2009');
});

test('links: Teams channel, Managed response, a deep link with tid and a Markdown handoff summary to copy', async ({
  context,
  openExtensionPage,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: portalUrl });
  await setUpSyncedTenants(context, openExtensionPage, {
    tenants: ['contoso'],
    tenantOverrides: { contoso: { teamsChannelUrl: 'https://teams.microsoft.com/l/channel/19%3Acontoso%40thread.tacv2/DefenderExperts' } },
  });
  const page = await context.newPage();
  await page.goto(`${portalUrl}/incident2/1002/overview?tid=${CONTOSO_TENANT_ID}`);
  const region = panel(page).getByRole('region', { name: 'Handoff' });

  await expect(region.getByRole('link', { name: 'Defender Experts Teams channel' })).toHaveAttribute(
    'href',
    'https://teams.microsoft.com/l/channel/19%3Acontoso%40thread.tacv2/DefenderExperts',
  );

  // "Managed response" is portal-only: the panel opens the portal's own control.
  await page.evaluate(() => {
    const button = [...document.querySelectorAll('button')].find((candidate) => candidate.textContent === 'Managed response');
    button?.addEventListener('click', () => (document.body.dataset.managedResponseOpened = 'yes'));
  });
  await region.getByRole('button', { name: 'Managed response', exact: true }).click();
  await expect.poll(() => page.evaluate(() => document.body.dataset.managedResponseOpened)).toBe('yes');
  // Ask Defender Experts is not on this saved page: the panel says so instead of failing silently.
  await region.getByRole('button', { name: 'Ask Defender Experts', exact: true }).click();
  await expect(region.getByRole('status')).toContainText('This page has no “Ask Defender Experts” button');

  await region.getByRole('button', { name: 'Copy link' }).click();
  await expect(region.getByRole('status')).toHaveText('Link copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    `https://security.microsoft.com/incident2/1002/overview?tid=${CONTOSO_TENANT_ID}`,
  );

  await region.getByRole('button', { name: 'Copy handoff summary' }).click();
  await expect(region.getByRole('status')).toHaveText('Handoff summary copied.');
  const summary = await page.evaluate(() => navigator.clipboard.readText());
  expect(summary).toMatch(/^### Incident 1002: Multi-stage incident involving Execution \\& Credential access/);
  expect(summary).toContain(`- **Link:** <https://security.microsoft.com/incident2/1002/overview?tid=${CONTOSO_TENANT_ID}>`);
  expect(summary).toContain('- **Tenant:** Contoso (Defender Experts for XDR)');
  expect(summary).toContain('- **Partner action:** Act on the remediation actions, then resolve the incident');
  expect(summary).toContain('- **The partner does:** Act on and resolve incidents awaiting remediation actions.');

  // Co-hunting is portal-only: the panel copies a ready-to-paste inquiry and says where to paste it.
  await region.getByRole('button', { name: 'Copy inquiry for Ask Defender Experts' }).click();
  await expect(region.getByRole('status')).toContainText('Inquiry for Ask Defender Experts copied. Paste it in the portal');
  const inquiry = await page.evaluate(() => navigator.clipboard.readText());
  expect(inquiry).toMatch(/^Incident 1002: Multi-stage incident/);
  expect(inquiry).toContain(`Link: https://security.microsoft.com/incident2/1002/overview?tid=${CONTOSO_TENANT_ID}`);
  expect(inquiry).toContain('Our question:');
});

test('answer first: owner and verb, time in step, open tasks and the next action within 200 px of the panel’s top', async ({
  context,
  openExtensionPage,
}) => {
  await setUpSyncedTenants(context, openExtensionPage, { tenants: ['contoso'] });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${portalUrl}/incident2/1002/overview?tid=${CONTOSO_TENANT_ID}`);
  const region = panel(page).getByRole('region', { name: 'Handoff' });
  const card = region.getByRole('group', { name: 'Your move · Act' });
  await expect(card).toContainText(/^Your move · Act · \d+ hours? in step/);
  // 1002 has five tasks, two done by Defender Experts: the first open one is the next action.
  await expect(card.getByText('3 of 5 tasks open', { exact: true })).toBeVisible();
  const next = card.getByRole('button', { name: 'Next task: Reimage CONTOSO-WS-0142 before it rejoins the network' });
  await expect(next).toBeVisible();
  await expect(card.getByText("Contoso · Defender Experts for XDR · In Defender Experts' scope", { exact: true })).toBeVisible();
  // "Why is this ours?" is folded: the matrix row is there for who asks.
  const why = card.locator('details');
  await expect(why).not.toHaveAttribute('open');
  await expect(why.locator('summary')).toHaveText('Why is this ours?');

  const top = (await region.boundingBox())!.y;
  for (const part of [card.getByText('Your move · Act'), card.getByText('3 of 5 tasks open'), next]) {
    const box = (await part.boundingBox())!;
    expect(box.y + box.height - top, `${await part.textContent()} ends within 200 px`).toBeLessThanOrEqual(200);
  }
  // The next action takes the analyst to that task in the list (its buttons are disabled: quick actions are off).
  await next.click();
  await expect(region.locator('[data-task-id="1002-1"]')).toBeFocused();
});

test('collapsed to a pill, remembered across navigation and reload; first in tab order', async ({ context, openExtensionPage }) => {
  await setUpSyncedTenants(context, openExtensionPage, { tenants: ['contoso'] });
  const page = await context.newPage();
  await page.goto(`${portalUrl}/incident2/1008/overview?tid=${CONTOSO_TENANT_ID}`);
  const region = panel(page).getByRole('region', { name: 'Handoff' });
  await expect(region).toContainText('Your move · Triage');
  // The panel is the page's first Tab stop.
  await page.keyboard.press('Tab');
  await expect(region.getByRole('button', { name: 'Collapse' })).toBeFocused();
  await page.keyboard.press('Enter');
  const pill = region.getByRole('button', { name: /^Expand Handoff: / });
  await expect(pill).toHaveText(/^Your move · Triage · \d+ h · Contoso$/);
  await expect(pill).toHaveAttribute('aria-expanded', 'false');
  await expect(region).not.toContainText('Triage it: assign it to yourself');

  await navigateInPortal(page, `/incident2/1004/overview?tid=${CONTOSO_TENANT_ID}`);
  await expect(panel(page)).toHaveAttribute('data-handoff-owner', 'defenderExperts');
  await expect(pill).toHaveText(/^Defender Experts’ move · Triage · \d+ h · Contoso$/);

  // One setting for every incident, kept by the worker: a reload (a new content script) still shows the pill.
  await page.reload();
  await expect(panel(page)).toHaveAttribute('data-handoff-owner', 'defenderExperts');
  await expect(pill).toHaveText(/^Defender Experts’ move · Triage/);
  await expect(region.getByRole('button', { name: 'Collapse' })).toHaveCount(0);
  await pill.click();
  await expect(region.getByRole('group', { name: 'Defender Experts’ move · Triage' })).toBeVisible();
  await page.reload();
  await expect(region.getByRole('button', { name: 'Collapse' })).toBeVisible();
});

test('a portal dialog or flyout collapses the panel to its pill, out of its corner, until it closes', async ({
  context,
  openExtensionPage,
}) => {
  await setUpSyncedTenants(context, openExtensionPage, { tenants: ['contoso'] });
  const page = await context.newPage();
  await page.goto(`${portalUrl}/incident2/1002/overview?tid=${CONTOSO_TENANT_ID}`);
  const region = panel(page).getByRole('region', { name: 'Handoff' });
  await expect(region.getByRole('button', { name: 'Collapse' })).toBeVisible();
  const rightEdge = async () => {
    const box = (await region.boundingBox())!;
    return box.x + box.width;
  };
  const viewport = page.viewportSize()!;
  expect(await rightEdge()).toBeGreaterThan(viewport.width - 40);

  // The portal opens "Manage incident": a Fluent panel, role=dialog, from the right.
  await page.evaluate(() => {
    const flyout = document.createElement('div');
    flyout.setAttribute('role', 'dialog');
    flyout.setAttribute('aria-label', 'Manage incident');
    flyout.id = 'fixture-flyout';
    flyout.style.cssText = 'position:fixed;top:0;right:0;bottom:0;width:480px;background:#fff';
    flyout.textContent = 'Manage incident';
    document.body.append(flyout);
  });
  const pill = region.getByRole('button', { name: /^Expand Handoff: Your move · Act · / });
  await expect(pill).toBeVisible();
  await expect(region.getByRole('button', { name: 'Collapse' })).toHaveCount(0);
  expect(await rightEdge()).toBeLessThan(viewport.width - 480);

  await page.evaluate(() => document.getElementById('fixture-flyout')?.remove());
  await expect(region.getByRole('button', { name: 'Collapse' })).toBeVisible();
  // The dialog's collapse was not the analyst's: nothing was remembered.
  await page.reload();
  await expect(region.getByRole('button', { name: 'Collapse' })).toBeVisible();
});

test('the keyboard shortcut’s message from the worker puts the focus on the panel’s top card', async ({
  context,
  openExtensionPage,
  serviceWorker,
}) => {
  await setUpSyncedTenants(context, openExtensionPage, { tenants: ['contoso'] });
  const page = await context.newPage();
  await page.goto(`${portalUrl}/incident2/1008/overview?tid=${CONTOSO_TENANT_ID}`);
  const region = panel(page).getByRole('region', { name: 'Handoff' });
  await expect(region).toContainText('Your move · Triage');
  // Headless Chromium cannot press a browser shortcut: send what the command handler sends (its unit test
  // covers the handler) to the portal tabs the worker knows.
  const told = await serviceWorker.evaluate(async () => {
    const { portalTabs } = (await chrome.storage.session.get('portalTabs')) as { portalTabs: Record<string, unknown> };
    const ids = Object.keys(portalTabs).map(Number);
    await Promise.all(ids.map((id) => chrome.tabs.sendMessage(id, { type: 'handoffFocusPanel' }).catch(() => undefined)));
    return ids.length;
  });
  expect(told).toBeGreaterThan(0);
  await expect(region.getByRole('group', { name: 'Your move · Triage' })).toBeFocused();
});

test('on a page without the portal’s structure, and in the dark theme, the panel still shows', async ({
  context,
  openExtensionPage,
}) => {
  await setUpSyncedTenants(context, openExtensionPage, { tenants: ['contoso'] });
  const page = await context.newPage();
  await page.goto(`${portalUrl}/incident2/1002/overview?tid=${CONTOSO_TENANT_ID}&fixture=incident-bare`);
  await expect(panel(page)).toHaveAttribute('data-handoff-owner', 'partner');
  await expect(panel(page).getByRole('region', { name: 'Handoff' })).toContainText('Your move');

  await page.goto(`${portalUrl}/incident2/1002/overview?tid=${CONTOSO_TENANT_ID}&fixture=incident-dark`);
  await expect(panel(page)).toHaveAttribute('data-theme', 'dark');
  await expect(panel(page)).toHaveAttribute('data-handoff-area', 'incidentRemediation');
  // Switching the portal's theme in place switches the panel's.
  await page.evaluate(() => (document.body.style.background = '#ffffff'));
  await expect(panel(page)).toHaveAttribute('data-theme', 'light');
});

test('a tenant Handoff does not know shows the panel with what to do, and an incident not yet cached is read live', async ({
  context,
  openExtensionPage,
  cloud,
}) => {
  await setUpSyncedTenants(context, openExtensionPage, { tenants: ['contoso'] });
  const page = await context.newPage();
  await page.goto(`${portalUrl}/incident2/2001/overview?tid=${FABRIKAM_TENANT_ID}`);
  await expect(panel(page).getByRole('region', { name: 'Handoff' })).toContainText(
    "Handoff has no data for this incident yet. Sign in and add this tenant in Handoff's options.",
  );

  cloud.graph.tenant(CONTOSO_TENANT_ID).addIncident({
    ...cloud.graph.tenant(CONTOSO_TENANT_ID).incident('1008'),
    id: '1099',
    displayName: 'Created after the last sync',
    comments: [{ comment: 'Seen by the night shift.', createdByDisplayName: 'Jordan Lee', createdDateTime: '2026-01-01T00:00:00Z' }],
  });
  await page.goto(`${portalUrl}/incident2/1099/overview?tid=${CONTOSO_TENANT_ID}`);
  await expect(panel(page)).toHaveAttribute('data-handoff-owner', 'partner');
  await expect(panel(page).getByRole('group', { name: 'Latest comments' })).toContainText('Jordan Lee: Seen by the night shift.');
});
