import type { Page } from '@playwright/test';
import { CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, WOODGROVE_TENANT_ID } from '../fixtures/demo-tenants';
import { expect, test } from './extension-fixture';
import { refreshNow } from './handoff-setup';
import { chips, setUpSyncedTenants } from './portal-setup';

/**
 * Chips on Microsoft Defender multitenant management (mto.security.microsoft.com): the incident
 * list of every tenant, each row's chip from ITS tenant's handoffs, and the flyout's "Open incident page"
 * link. The pages are Handoff's own fixtures built from Microsoft's description (mto-incidents.html):
 * a late, virtualised grid. Expected owners, verbs and areas follow portal-chips.spec.ts's tables; closed
 * and merged incidents get a chip only when the analyst asks for them (chipsOnClosedIncidents).
 */

const mtoUrl = 'https://mto.security.microsoft.com';
type Chip = { owner: string; verb: string; area: string; text: string } | null;

/** Each rendered row's chip (by the row's position in the list): the hosts' public contract and what it shows (time as <t>). */
function rowChips(page: Page): Promise<Record<number, Chip>> {
  return page.evaluate(() => {
    const result: Record<number, { owner: string; verb: string; area: string; text: string } | null> = {};
    for (const row of document.querySelectorAll<HTMLElement>('[role="row"][data-index]')) {
      if (row.hidden) continue;
      const hosts = row.querySelectorAll<HTMLElement>('handoff-incident-chip');
      if (hosts.length > 1) throw new Error(`row ${row.dataset.index} has ${hosts.length} chips`);
      const host = hosts[0];
      // The root is closed: the page reaches it only through revealClosedRoots (portal-setup.ts).
      const text = (host?.shadowRoot?.querySelector('button')?.textContent ?? '').replace(/ (\d+[mhd]|now)$/, ' <t>');
      const { handoffOwner = '', handoffVerb = '', handoffArea = '' } = host?.dataset ?? {};
      result[Number(row.dataset.index)] = host ? { owner: handoffOwner, verb: handoffVerb, area: handoffArea, text } : null;
    }
    return result;
  });
}

const act = (area: string): Chip => ({ owner: 'partner', verb: 'act', area, text: 'Act <t>' });
const review: Chip = { owner: 'partner', verb: 'review', area: 'incidentInvestigation', text: 'Review <t>' };
const triage = (area: string): Chip => ({ owner: 'partner', verb: 'triage', area, text: 'Triage <t>' });
const experts = (area: string): Chip => ({ owner: 'defenderExperts', verb: 'defenderExperts', area, text: 'Experts <t>' });
const closed: Chip = { owner: 'none', verb: 'none', area: 'closed', text: 'Closed' };
const merged: Chip = { owner: 'none', verb: 'none', area: 'merged', text: 'Merged' };

/** The analyst asks for chips on closed and merged incidents too (before the portal page opens). */
async function wantClosedChips(options: Page): Promise<void> {
  await options.evaluate(async () => {
    const { settings = {} } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings as object), chipsOnClosedIncidents: true } });
  });
}

async function openList(page: Page, fixture?: string): Promise<void> {
  await page.goto(`${mtoUrl}/incidents${fixture ? `?fixture=${fixture}` : ''}`);
  await expect(page.locator('body')).toHaveAttribute('data-list-rendered', 'true');
}

/** The rows first in view (the grid renders 12 of its 40), as the demo tenants' data classify them. */
const firstRows: Record<number, Chip> = {
  0: act('incidentRemediation'), // Contoso 1002: awaiting customer action
  1: act('hunting'), // Fabrikam 2001
  2: triage('incidentTriage'), // "northwind traders" 3001: names match case-insensitively
  3: null, // Fabrikam's own 1002, resolved (no chip by default): not Contoso's 1002
  4: null, // Tailspin Toys: not a tenant Handoff knows
  5: experts('incidentTriage'), // Contoso 1004
  6: triage('incidentInvestigation'), // "  NORTHWIND   Traders " 3002, as displayed
  7: null, // a tenant named with markup, not configured
  8: null, // Incident Id "1001<b>": not an id
  9: triage('incidentTriage'), // Fabrikam 2004
  10: experts('incidentInvestigation'), // Contoso 1005
  11: triage('incidentInvestigation'), // Fabrikam 2005
};
/** The same, with chips on closed incidents asked for: Fabrikam's own 1002 gets its Closed chip. */
const firstRowsWithClosed: Record<number, Chip> = { ...firstRows, 3: closed };

/** Fabrikam gets an incident 1002 of its own, resolved, so the same id means two things on one list. */
function giveFabrikamAnIncident1002(cloud: { graph: { tenant(id: string): { incidents: Record<string, unknown>[] } } }): void {
  const closed = cloud.graph.tenant(CONTOSO_TENANT_ID).incidents.find((incident) => incident['id'] === '1015');
  cloud.graph.tenant(FABRIKAM_TENANT_ID).incidents.push({ ...structuredClone(closed), id: '1002', tenantId: FABRIKAM_TENANT_ID });
}

test('every row gets the chip of its own tenant’s incident; scrolled rows reuse their elements and their chips follow', async ({
  context,
  openExtensionPage,
  cloud,
}) => {
  giveFabrikamAnIncident1002(cloud);
  const options = await setUpSyncedTenants(context, openExtensionPage);
  await wantClosedChips(options);
  const page = await context.newPage();
  await openList(page);
  await expect.poll(() => rowChips(page)).toEqual(firstRowsWithClosed);

  // The grid is virtualised: scrolling to the end gives the same 12 row elements other incidents.
  await page.locator('#viewport').evaluate((viewport) => viewport.scrollTo(0, viewport.scrollHeight));
  await expect.poll(() => rowChips(page)).toEqual({
    30: closed, // Contoso 1017
    31: closed, // Northwind 3003
    32: closed, // Northwind 3006
    33: closed, // Fabrikam 2003
    34: closed, // Fabrikam 2006
    35: merged, // Contoso 1007
    36: closed, // Fabrikam 2008
    37: triage('incidentTriage'), // Fabrikam 2012
    38: merged, // Northwind 3009
    39: act('hunting'), // Contoso 1018
  });
  await expect(chips(page)).toHaveCount(10);
  await page.locator('#viewport').evaluate((viewport) => viewport.scrollTo(0, 0));
  await expect.poll(() => rowChips(page)).toEqual(firstRowsWithClosed);
});

test('by default closed and merged rows get no chip as the grid scrolls to them, and the open ones keep theirs', async ({
  context,
  openExtensionPage,
}) => {
  await setUpSyncedTenants(context, openExtensionPage);
  const page = await context.newPage();
  await openList(page);
  await expect.poll(() => rowChips(page)).toEqual(firstRows);
  await page.locator('#viewport').evaluate((viewport) => viewport.scrollTo(0, viewport.scrollHeight));
  await expect.poll(() => rowChips(page)).toEqual({
    30: null, // Contoso 1017, closed
    31: null,
    32: null,
    33: null,
    34: null,
    35: null, // Contoso 1007, merged
    36: null,
    37: triage('incidentTriage'), // Fabrikam 2012
    38: null, // Northwind 3009, merged
    39: act('hunting'), // Contoso 1018
  });
  await expect(chips(page)).toHaveCount(2);
});

test('the flyout’s Open incident page link gets the chip of the tenant in its tid', async ({ context, openExtensionPage, cloud }) => {
  giveFabrikamAnIncident1002(cloud);
  const options = await setUpSyncedTenants(context, openExtensionPage);
  await wantClosedChips(options);
  const page = await context.newPage();
  await openList(page);
  await expect.poll(() => rowChips(page)).toEqual(firstRowsWithClosed);
  const flyoutChip = page.locator('#flyout handoff-incident-chip');

  await page.getByRole('button', { name: 'Multi-stage incident involving Execution on one endpoint' }).click();
  const open = page.getByRole('link', { name: 'Open incident page' });
  await expect(open).toHaveAttribute('href', `https://security.microsoft.com/incident2/1002/overview?tid=${CONTOSO_TENANT_ID}`);
  await expect(flyoutChip).toHaveCount(1);
  await expect(flyoutChip).toHaveAttribute('data-handoff-owner', 'partner');
  await expect(flyoutChip).toHaveAttribute('data-handoff-area', 'incidentRemediation');
  await expect(flyoutChip.locator('xpath=following-sibling::a[1]')).toHaveText('Open incident page');
  await expect(flyoutChip.getByRole('button')).toHaveText(/^Act \d+h$/);
  await expect(flyoutChip.getByRole('button')).toHaveAccessibleName(/^Act \d+h — your move, waiting \d+ hours$/);

  // Another row: the same incident id in Fabrikam, so the same link but another tid, another handoff.
  await page.getByRole('button', { name: 'Another tenant’s incident 1002' }).click();
  await expect(open).toHaveAttribute('href', new RegExp(`tid=${FABRIKAM_TENANT_ID}$`));
  await expect(flyoutChip).toHaveAttribute('data-handoff-owner', 'none');
  await expect(flyoutChip).toHaveAttribute('data-handoff-area', 'closed');
  await expect(flyoutChip.getByRole('button')).toHaveText('Closed');
  // A tenant Handoff does not know: no chip.
  await page.getByRole('button', { name: 'Ransomware activity on one endpoint' }).click();
  await expect(open).toHaveAttribute('href', /incident2\/4001\//);
  await expect(flyoutChip).toHaveCount(0);
  // Clicking a chip in the list opens its popover, not the row's flyout.
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await page.locator('[role="row"][data-index="5"] handoff-incident-chip').getByRole('button').click();
  await expect(page.locator('handoff-chip-popover .popover .line').first()).toHaveText('Nothing for you now: Defender Experts have this step');
  await expect(page.locator('handoff-chip-popover .popover')).toContainText('Defender Experts:');
  await expect(page.locator('#flyout')).toBeHidden();
});

test('chips follow each tenant’s cache: a change upstream shows after the next sync, without reloading', async ({
  context,
  openExtensionPage,
  cloud,
}) => {
  const options = await setUpSyncedTenants(context, openExtensionPage);
  const page = await context.newPage();
  await openList(page);
  await expect.poll(async () => (await rowChips(page))[0]).toEqual(act('incidentRemediation'));
  await expect.poll(async () => (await rowChips(page))[9]).toEqual(triage('incidentTriage'));

  // One change in each of two tenants the page read: the tab hears both, not only the last it asked for.
  cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1002', { status: 'resolved', classification: 'falsePositive' });
  cloud.graph.tenant(FABRIKAM_TENANT_ID).updateIncident('2004', { status: 'resolved', classification: 'falsePositive' });
  await refreshNow(options);
  // Contoso's (XDR, handled by Defender Experts) is now yours to review; Fabrikam's (Hunting only) is closed: no chip.
  await expect.poll(async () => (await rowChips(page))[0]).toEqual(review);
  await expect.poll(async () => (await rowChips(page))[9]).toEqual(null);
});

test('a tenant name two configured tenants share gets no chip (never a guess); their flyout links, with a tid, still do', async ({
  context,
  openExtensionPage,
  cloud,
}) => {
  // The partner's own tenant, set up in Handoff under a name that only differs from Fabrikam's in case,
  // with the same incidents: whichever tenant a guess picked, its row would show a chip.
  const sameIncidents = cloud.graph.tenant(FABRIKAM_TENANT_ID).incidents.map((incident) => ({ ...incident, tenantId: WOODGROVE_TENANT_ID }));
  cloud.graph.setTenant(WOODGROVE_TENANT_ID, { incidents: sameIncidents, role: 'operator' });
  await setUpSyncedTenants(context, openExtensionPage, {
    extraTenants: [{ tenantId: WOODGROVE_TENANT_ID, displayName: 'FABRIKAM', service: 'xdr' }],
  });
  const page = await context.newPage();
  await openList(page);
  await expect.poll(() => rowChips(page)).toEqual({ ...firstRows, 1: null, 9: null, 11: null });

  await page.getByRole('button', { name: /^Defender Experts: Suspicious activity linked/ }).click();
  const flyoutChip = page.locator('#flyout handoff-incident-chip');
  await expect(flyoutChip).toHaveAttribute('data-handoff-owner', 'partner');
  await expect(flyoutChip).toHaveAttribute('data-handoff-area', 'hunting');
});

test('hostile tenant names and incident titles stay text, and nothing of Handoff’s throws', async ({ context, openExtensionPage, cloud }) => {
  const hostileName = '<img src=x onerror="document.body.dataset.pwned=\'tenant\'">';
  cloud.graph.tenant('16fd2706-8baf-433b-82eb-8c7fada847da').updateIncident('3008', {
    displayName: '<img src=x onerror="document.body.dataset.pwned=\'incident\'"> Password spray',
  });
  // Northwind's display name in Handoff is markup: the row whose Tenant name cell shows that text is Northwind's.
  await setUpSyncedTenants(context, openExtensionPage, { tenantOverrides: { northwind: { displayName: hostileName } } });
  const page = await context.newPage();
  const errors: string[] = [];
  const session = await context.newCDPSession(page);
  session.on('Runtime.exceptionThrown', (event) => errors.push(event.exceptionDetails.exception?.description ?? event.exceptionDetails.text));
  await session.send('Runtime.enable');
  await openList(page);
  await expect.poll(() => rowChips(page)).toEqual({
    ...firstRows,
    2: null, // "northwind traders" is not Northwind's name any more
    6: null,
    7: triage('incidentInvestigation'), // Northwind 3008, by its markup-like name
  });
  await page.getByRole('button', { name: /Anomalous token$/ }).click();
  await expect(page.locator('#flyout handoff-incident-chip')).toHaveAttribute('data-handoff-incident-id', '3008');
  await expect(page.locator('#flyout-tenant')).toHaveText(hostileName);
  expect(await page.evaluate(() => document.querySelectorAll('img, iframe').length)).toBe(0);
  expect(await page.evaluate(() => document.body.dataset.pwned)).toBeUndefined();
  expect(errors).toEqual([]);
});

test('a layout Handoff does not recognise gets nothing, and nothing breaks', async ({ context, openExtensionPage, cloud }) => {
  await setUpSyncedTenants(context, openExtensionPage);
  const page = await context.newPage();
  const errors: string[] = [];
  const session = await context.newCDPSession(page);
  session.on('Runtime.exceptionThrown', (event) => errors.push(event.exceptionDetails.exception?.description ?? event.exceptionDetails.text));
  await session.send('Runtime.enable');
  page.on('pageerror', (error) => errors.push(error.message));

  cloud.clearRequests();
  await openList(page, 'mto-incidents-unknown');
  await expect(page.locator('#renamed [role="row"]')).toHaveCount(4);
  await expect(page.getByRole('link', { name: 'Open incident page' })).toBeVisible();
  // The content script is running here: a grid it does recognise, added now, gets its chip...
  await page.evaluate(() => (window as unknown as { addKnownGrid(): void }).addKnownGrid());
  await expect(page.locator('#known handoff-incident-chip')).toHaveAttribute('data-handoff-owner', 'defenderExperts');
  // ...and that is the only chip: the renamed column, the role-less list and the tid-less link get none.
  await expect(chips(page)).toHaveCount(1);
  // Another page of the multitenant portal, then back to the list it knows.
  await page.goto(`${mtoUrl}/alerts`);
  await expect(page.getByRole('heading', { name: 'Home' })).toBeVisible();
  await expect(chips(page)).toHaveCount(0);
  await openList(page);
  await expect(chips(page)).toHaveCount(8); // firstRows' chips
  expect(errors).toEqual([]);
  // Reading pages of the multitenant portal never reached Graph: everything came from the caches.
  expect(cloud.graphRequests()).toEqual([]);
});
