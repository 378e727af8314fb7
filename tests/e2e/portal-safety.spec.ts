import { CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID } from '../fixtures/demo-tenants';
import { expect, test } from './extension-fixture';
import { chipFor, chips, panel, portalUrl, setUpSyncedTenants } from './portal-setup';

/**
 * Hostile incident data renders as text, no error of Handoff's reaches the page, and neither the
 * portal's CSS nor Handoff's leaks across.
 */

const hostile = {
  displayName: '<img src=x onerror="document.body.dataset.pwned=\'title\'"> Suspicious PowerShell command line',
  description: '<script>document.body.dataset.pwned="description"</script><b id="injected">bold?</b> [click](javascript:alert(1))',
  customTags: ['<img src=x onerror="document.body.dataset.pwned=\'tag\'">', '<svg onload="document.body.dataset.pwned=\'svg\'"></svg>'],
  comments: [
    {
      comment: '<iframe src="javascript:parent.document.body.dataset.pwned=\'comment\'"></iframe>',
      createdByDisplayName: '<b>Mallory</b>',
      createdDateTime: '2026-01-01T00:00:00Z',
    },
  ],
};

test('incident titles, descriptions, comments and tags made of HTML and script render as text only', async ({
  context,
  openExtensionPage,
  cloud,
}) => {
  cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1014', hostile);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: portalUrl });
  await setUpSyncedTenants(context, openExtensionPage, { tenants: ['contoso'] });
  const page = await context.newPage();
  await page.goto(`${portalUrl}/incident2/1014/overview?tid=${CONTOSO_TENANT_ID}`);
  const region = panel(page).getByRole('region', { name: 'Handoff' });
  await region.getByRole('button', { name: 'Refresh' }).click(); // a live read brings the comments
  await region.getByText('Incident details').click();

  await expect(region).toContainText(hostile.displayName);
  await expect(region).toContainText(hostile.description);
  for (const tag of hostile.customTags) await expect(region).toContainText(tag);
  await expect(region.getByRole('group', { name: 'Latest comments' })).toContainText(
    `${hostile.comments[0]!.createdByDisplayName}: ${hostile.comments[0]!.comment}`,
  );
  // Not one element came from the data, in the panel's shadow root or anywhere else.
  const injected = await panel(page).evaluate((host) =>
    host.shadowRoot ? host.shadowRoot.querySelectorAll('img, script, svg, iframe, #injected, b').length : -1,
  );
  expect(injected).toBe(0);
  expect(await page.evaluate(() => document.querySelectorAll('img, iframe, #injected').length)).toBe(0);

  // The Markdown summary escapes the tags, so a ticket system renders them as text too.
  await region.getByRole('button', { name: 'Copy handoff summary' }).click();
  const summary = await page.evaluate(() => navigator.clipboard.readText());
  expect(summary).toContain('### Incident 1014: \\<img src=x onerror="document.body.dataset.pwned=\'title\'"\\> Suspicious');
  expect(summary).toContain('- **Tags:** \\<img src=x onerror="document.body.dataset.pwned=\'tag\'"\\>, \\<svg');
  expect(summary).not.toMatch(/[^\\]<(img|svg|script)/);

  // The chip on the queue carries no incident text at all.
  await page.goto(`${portalUrl}/incidents?tid=${CONTOSO_TENANT_ID}`);
  await expect(chipFor(page, '1014')).toHaveAttribute('data-handoff-owner', 'partner');
  await expect(chipFor(page, '1014').getByRole('button')).toHaveText(/^Triage (\d+[mhd]|now)$/);
  expect(await page.evaluate(() => document.body.dataset.pwned)).toBeUndefined();
});

test('hostile KQL and hunting results render as text: in the panel, on the Hunt page, in its rows table', async ({
  context,
  openExtensionPage,
  cloud,
}) => {
  const fileName = '<img src=x onerror="document.body.dataset.pwned=\'cell\'">';
  const kql = `DeviceProcessEvents\n| where FileName == "${fileName.replaceAll('"', '\\"')}" // <script>document.body.dataset.pwned='kql'</script>`;
  cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1003', { recommendedHuntingQueries: [{ kqlText: kql }] });
  cloud.graph.hunting.rows(CONTOSO_TENANT_ID, 'DeviceProcessEvents').push({
    Timestamp: new Date().toISOString(),
    DeviceName: '<b id="injected">device</b>',
    FileName: fileName,
    ProcessCommandLine: '<iframe src="javascript:parent.document.body.dataset.pwned=\'frame\'"></iframe>',
    AccountName: '<svg onload="document.body.dataset.pwned=\'svg\'"></svg>',
  });
  await setUpSyncedTenants(context, openExtensionPage, { tenants: ['contoso'] });
  const page = await context.newPage();
  await page.goto(`${portalUrl}/incident2/1003/overview?tid=${CONTOSO_TENANT_ID}`);
  const guidance = panel(page).getByRole('region', { name: 'Handoff' }).getByRole('group', { name: 'Hunting guidance' });
  await expect(guidance.locator('pre')).toHaveText(kql);
  expect(await panel(page).evaluate((host) => host.shadowRoot?.querySelectorAll('img, script, svg, iframe, #injected').length ?? -1)).toBe(0);

  const opened = context.waitForEvent('page');
  await guidance.getByRole('button', { name: 'Run in all my tenants' }).click();
  const hunt = await opened;
  await expect(hunt.getByRole('textbox', { name: 'KQL query' })).toHaveValue(kql);
  await hunt.getByRole('button', { name: 'Run', exact: true }).click();
  const line = hunt.getByRole('list', { name: 'Results by tenant' }).getByRole('listitem').filter({ hasText: 'Contoso' });
  await expect(line).toContainText('1 row');
  await line.getByRole('button', { name: 'Show rows' }).click();
  const table = line.getByRole('table');
  for (const text of [fileName, '<b id="injected">device</b>', '<svg onload="document.body.dataset.pwned=\'svg\'"></svg>']) {
    await expect(table).toContainText(text);
  }
  expect(await hunt.evaluate(() => document.querySelectorAll('img, iframe, svg, b, #injected').length)).toBe(0);
  expect(await hunt.evaluate(() => document.body.dataset.pwned)).toBeUndefined();
  expect(await page.evaluate(() => document.body.dataset.pwned)).toBeUndefined();
});

test('no error of Handoff’s reaches the page: odd pages, an incident Graph does not have, a tenant not set up', async ({
  context,
  openExtensionPage,
}) => {
  await setUpSyncedTenants(context, openExtensionPage, { tenants: ['contoso'] });
  const page = await context.newPage();
  const session = await context.newCDPSession(page);
  const errors: string[] = [];
  // Every execution context of the tab, the content script's isolated world included.
  session.on('Runtime.exceptionThrown', (event) => errors.push(event.exceptionDetails.exception?.description ?? event.exceptionDetails.text));
  await session.send('Runtime.enable');
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto(`${portalUrl}/incidents?tid=${CONTOSO_TENANT_ID}&fixture=queue-late`);
  await expect(chips(page)).toHaveCount(5);
  await page.goto(`${portalUrl}/incident2/1002/overview?tid=${CONTOSO_TENANT_ID}&fixture=incident-bare`);
  await expect(panel(page)).toHaveAttribute('data-handoff-owner', 'partner');
  await page.goto(`${portalUrl}/incident2/2001/overview?tid=${FABRIKAM_TENANT_ID}`);
  await expect(panel(page)).toContainText('Handoff has no data for this incident yet.');
  // Not cached, so read live, and Graph answers 404: the panel says so, nothing is thrown.
  await page.goto(`${portalUrl}/incident2/1999/overview?tid=${CONTOSO_TENANT_ID}`);
  await expect(panel(page)).toContainText('Handoff could not load this incident: Microsoft Graph has no incident 1999 in this tenant.');
  await page.evaluate(() => history.pushState({}, '', '/homepage'));
  await page.evaluate(() => history.back());
  await expect(panel(page)).toHaveAttribute('data-handoff-incident-id', '1999');
  expect(errors).toEqual([]);
});

test('the portal’s CSS cannot hide or restyle the chips, and Handoff adds no style to the page', async ({
  context,
  openExtensionPage,
}) => {
  await setUpSyncedTenants(context, openExtensionPage, { tenants: ['contoso'] });
  const page = await context.newPage();
  await page.goto(`${portalUrl}/incidents?tid=${CONTOSO_TENANT_ID}&fixture=queue-hostile-css`);
  await expect(chips(page)).toHaveCount(14); // the open incidents: closed and merged get none by default
  const chipButton = chipFor(page, '1002').getByRole('button');
  await expect(chipButton).toBeVisible();
  const look = await chipButton.evaluate((button) => {
    const style = getComputedStyle(button);
    return { fontSize: style.fontSize, height: button.getBoundingClientRect().height };
  });
  expect(look).toEqual({ fontSize: '11px', height: 20 });

  // The page's own styles are the fixture's one <style>: nothing of Handoff's in the document.
  expect(await page.evaluate(() => document.querySelectorAll('style, link[rel="stylesheet"]').length)).toBe(1);
  expect(await page.evaluate(() => document.adoptedStyleSheets.length)).toBe(0);
  const linkColor = await page.getByRole('link', { name: /Multi-stage incident involving Initial access/ }).evaluate(
    (link) => getComputedStyle(link).color,
  );
  expect(linkColor).toBe('rgb(255, 0, 255)');
});

test('a page whose tenant cannot be told (two tids, a malformed one) gets no chip and a panel that says why', async ({
  context,
  openExtensionPage,
  cloud,
}) => {
  await setUpSyncedTenants(context, openExtensionPage, { tenants: ['contoso', 'fabrikam'] });
  cloud.clearRequests();
  const page = await context.newPage();
  await page.goto(`${portalUrl}/incident2/1002/overview?tid=${CONTOSO_TENANT_ID}&tid=${FABRIKAM_TENANT_ID}`);
  await expect(panel(page)).toContainText('This page names two different tenants (tid)');
  await expect(panel(page)).toContainText('Nothing is read or changed here.');
  await page.goto(`${portalUrl}/incidents?tid={${CONTOSO_TENANT_ID}}`);
  await expect(page.locator('a[href*="incident2"]').first()).toBeVisible();
  await expect(chips(page)).toHaveCount(0);
  // Nothing was read from Graph for either page: the background refused before any token was used.
  expect(cloud.graphRequests()).toEqual([]);
});
