import type { Page } from '@playwright/test';
import { CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, WOODGROVE_TENANT_ID } from '../fixtures/demo-tenants';
import { expect, test } from './extension-fixture';
import { refreshNow } from './handoff-setup';
import { chips, setUpSyncedTenants } from './portal-setup';

/**
 * Owner chips on Microsoft Defender multitenant management (mto.security.microsoft.com): the incident
 * list of every tenant, each row's chip from ITS tenant's handoffs, and the flyout's "Open incident page"
 * link. The pages are Handoff's own fixtures built from Microsoft's description (mto-incidents.html):
 * a late, virtualised grid. Expected owners and areas follow portal-chips.spec.ts's tables.
 */

const mtoUrl = 'https://mto.security.microsoft.com';
type Chip = { owner: string; area: string } | null;

/** Each rendered row's chip (by the row's position in the list), read from the hosts' public test contract. */
function rowChips(page: Page): Promise<Record<number, Chip>> {
  return page.evaluate(() => {
    const result: Record<number, { owner: string; area: string } | null> = {};
    for (const row of document.querySelectorAll<HTMLElement>('[role="row"][data-index]')) {
      if (row.hidden) continue;
      const hosts = row.querySelectorAll<HTMLElement>('handoff-incident-chip');
      if (hosts.length > 1) throw new Error(`row ${row.dataset.index} has ${hosts.length} chips`);
      const host = hosts[0];
      result[Number(row.dataset.index)] = host ? { owner: host.dataset.handoffOwner ?? '', area: host.dataset.handoffArea ?? '' } : null;
    }
    return result;
  });
}

async function openList(page: Page, fixture?: string): Promise<void> {
  await page.goto(`${mtoUrl}/incidents${fixture ? `?fixture=${fixture}` : ''}`);
  await expect(page.locator('body')).toHaveAttribute('data-list-rendered', 'true');
}

/** The rows first in view (the grid renders 12 of its 40), as the demo tenants' data classify them. */
const firstRows: Record<number, Chip> = {
  0: { owner: 'partner', area: 'incidentRemediation' }, // Contoso 1002: awaiting customer action
  1: { owner: 'partner', area: 'hunting' }, // Fabrikam 2001
  2: { owner: 'partner', area: 'incidentTriage' }, // "northwind traders" 3001: names match case-insensitively
  3: { owner: 'none', area: 'closed' }, // Fabrikam's own 1002, resolved: not Contoso's 1002
  4: null, // Tailspin Toys: not a tenant Handoff knows
  5: { owner: 'defenderExperts', area: 'incidentTriage' }, // Contoso 1004
  6: { owner: 'partner', area: 'incidentInvestigation' }, // "  NORTHWIND   Traders " 3002, as displayed
  7: null, // a tenant named with markup, not configured
  8: null, // Incident Id "1001<b>": not an id
  9: { owner: 'partner', area: 'incidentTriage' }, // Fabrikam 2004
  10: { owner: 'defenderExperts', area: 'incidentInvestigation' }, // Contoso 1005
  11: { owner: 'partner', area: 'incidentInvestigation' }, // Fabrikam 2005
};

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
  await setUpSyncedTenants(context, openExtensionPage);
  const page = await context.newPage();
  await openList(page);
  await expect.poll(() => rowChips(page)).toEqual(firstRows);

  // The grid is virtualised: scrolling to the end gives the same 12 row elements other incidents.
  await page.locator('#viewport').evaluate((viewport) => viewport.scrollTo(0, viewport.scrollHeight));
  await expect.poll(() => rowChips(page)).toEqual({
    30: { owner: 'none', area: 'closed' }, // Contoso 1017
    31: { owner: 'none', area: 'closed' }, // Northwind 3003
    32: { owner: 'none', area: 'closed' }, // Northwind 3006
    33: { owner: 'none', area: 'closed' }, // Fabrikam 2003
    34: { owner: 'none', area: 'closed' }, // Fabrikam 2006
    35: { owner: 'none', area: 'merged' }, // Contoso 1007
    36: { owner: 'none', area: 'closed' }, // Fabrikam 2008
    37: { owner: 'partner', area: 'incidentTriage' }, // Fabrikam 2012
    38: { owner: 'none', area: 'merged' }, // Northwind 3009
    39: { owner: 'partner', area: 'hunting' }, // Contoso 1018
  });
  await expect(chips(page)).toHaveCount(10);
  await page.locator('#viewport').evaluate((viewport) => viewport.scrollTo(0, 0));
  await expect.poll(() => rowChips(page)).toEqual(firstRows);
});

test('the flyout’s Open incident page link gets the chip of the tenant in its tid', async ({ context, openExtensionPage, cloud }) => {
  giveFabrikamAnIncident1002(cloud);
  await setUpSyncedTenants(context, openExtensionPage);
  const page = await context.newPage();
  await openList(page);
  await expect.poll(() => rowChips(page)).toEqual(firstRows);
  const flyoutChip = page.locator('#flyout handoff-incident-chip');

  await page.getByRole('button', { name: 'Multi-stage incident involving Execution on one endpoint' }).click();
  const open = page.getByRole('link', { name: 'Open incident page' });
  await expect(open).toHaveAttribute('href', `https://security.microsoft.com/incident2/1002/overview?tid=${CONTOSO_TENANT_ID}`);
  await expect(flyoutChip).toHaveCount(1);
  await expect(flyoutChip).toHaveAttribute('data-handoff-owner', 'partner');
  await expect(flyoutChip).toHaveAttribute('data-handoff-area', 'incidentRemediation');
  await expect(flyoutChip.locator('xpath=following-sibling::a[1]')).toHaveText('Open incident page');
  await expect(flyoutChip.getByRole('button')).toHaveAccessibleName(/^You · Remediation · /);

  // Another row: the same incident id in Fabrikam, so the same link but another tid, another handoff.
  await page.getByRole('button', { name: 'Another tenant’s incident 1002' }).click();
  await expect(open).toHaveAttribute('href', new RegExp(`tid=${FABRIKAM_TENANT_ID}$`));
  await expect(flyoutChip).toHaveAttribute('data-handoff-owner', 'none');
  await expect(flyoutChip).toHaveAttribute('data-handoff-area', 'closed');
  // A tenant Handoff does not know: no chip.
  await page.getByRole('button', { name: 'Ransomware activity on one endpoint' }).click();
  await expect(open).toHaveAttribute('href', /incident2\/4001\//);
  await expect(flyoutChip).toHaveCount(0);
  // Clicking a chip in the list opens its popover, not the row's flyout.
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await page.locator('[role="row"][data-index="5"] handoff-incident-chip').getByRole('button').click();
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
  await expect.poll(async () => (await rowChips(page))[0]).toEqual({ owner: 'partner', area: 'incidentRemediation' });
  await expect.poll(async () => (await rowChips(page))[9]).toEqual({ owner: 'partner', area: 'incidentTriage' });

  // One change in each of two tenants the page read: the tab hears both, not only the last it asked for.
  cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1002', { status: 'resolved', classification: 'falsePositive' });
  cloud.graph.tenant(FABRIKAM_TENANT_ID).updateIncident('2004', { status: 'resolved', classification: 'falsePositive' });
  await refreshNow(options);
  // Contoso's (XDR, handled by Defender Experts) is now yours to review; Fabrikam's (Hunting only) is closed.
  await expect.poll(async () => (await rowChips(page))[0]).toEqual({ owner: 'partner', area: 'incidentInvestigation' });
  await expect.poll(async () => (await rowChips(page))[9]).toEqual({ owner: 'none', area: 'closed' });
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
  await expect.poll(() => rowChips(page)).toEqual({ ...firstRows, 1: null, 3: null, 9: null, 11: null });

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
    3: null, // Fabrikam has no 1002 in this test
    2: null, // "northwind traders" is not Northwind's name any more
    6: null,
    7: { owner: 'partner', area: 'incidentInvestigation' }, // Northwind 3008, by its markup-like name
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
  await expect(chips(page)).toHaveCount(8); // firstRows but Fabrikam's 1002, which this test does not add
  expect(errors).toEqual([]);
  // Reading pages of the multitenant portal never reached Graph: everything came from the caches.
  expect(cloud.graphRequests()).toEqual([]);
});
