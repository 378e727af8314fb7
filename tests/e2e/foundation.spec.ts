import { expect, test } from './extension-fixture';
import { revealClosedRoots } from './portal-setup';

const contosoTenantId = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

test('the service worker starts from the built background script', async ({ serviceWorker }) => {
  expect(serviceWorker.url()).toMatch(/^chrome-extension:\/\/[a-p]{32}\/background\.js$/);
});

test('the content script mounts the panel on an incident page of the portal', async ({ context }) => {
  const page = await context.newPage();
  // The panel's shadow root is closed: only this test helper (never the page) sees into it.
  await revealClosedRoots(page);
  await page.goto(`https://security.microsoft.com/incident2/1003/overview?tid=${contosoTenantId}`);

  const panel = page.locator('handoff-incident-panel');
  await expect(panel).toHaveAttribute('data-handoff-incident-id', '1003');
  await expect(panel).toHaveAttribute('data-theme', 'light');
  await expect(panel.getByRole('region', { name: 'Handoff' })).toContainText('Incident 1003');
  // Contoso is not set up in this test: the panel offers to add the page's tenant, its id filled in.
  await expect(panel.getByRole('button', { name: 'Add this tenant to Handoff' })).toHaveAttribute('data-handoff-add-tenant', contosoTenantId);
  // The portal's own page is still there, untouched.
  await expect(page.getByRole('heading', { name: 'Incident', exact: true })).toBeVisible();
});

test('the panel follows single-page navigation and leaves pages that are not incidents', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(`https://security.microsoft.com/incident2/1003/overview?tid=${contosoTenantId}`);
  await expect(page.locator('handoff-incident-panel')).toHaveAttribute('data-handoff-incident-id', '1003');

  await page.evaluate(() => history.pushState({}, '', '/incidents/1004?tid=3f2504e0-4f89-41d3-9a0c-0305e82c3301'));
  await expect(page.locator('handoff-incident-panel')).toHaveAttribute('data-handoff-incident-id', '1004');
  await expect(page.locator('handoff-incident-panel')).toHaveCount(1);

  await page.evaluate(() => history.pushState({}, '', '/homepage'));
  await expect(page.locator('handoff-incident-panel')).toHaveCount(0);

  await page.goBack();
  await expect(page.locator('handoff-incident-panel')).toHaveAttribute('data-handoff-incident-id', '1004');
});

test('the panel follows the portal dark theme', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(`https://security.microsoft.com/incident2/1004/overview?tid=${contosoTenantId}&fixture=incident-dark`);
  await expect(page.locator('handoff-incident-panel')).toHaveAttribute('data-theme', 'dark');
});

test('the popup renders its empty state', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await expect(popup.getByRole('heading', { name: 'Handoff' })).toBeVisible();
  await expect(popup.getByText('No customer tenants yet.')).toBeVisible();
});

test('the options page renders both responsibility tables', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html#about');
  await expect(options.getByRole('heading', { name: 'Who does what' })).toBeVisible();
  const xdrTable = options.getByRole('table', { name: 'Who does what: Defender Experts for XDR' });
  await expect(xdrTable.locator('tbody tr')).toHaveCount(11);

  await options.getByRole('radio', { name: 'Defender Experts for Hunting' }).check();
  const huntingTable = options.getByRole('table', { name: 'Who does what: Defender Experts for Hunting' });
  await expect(huntingTable.locator('tbody tr')).toHaveCount(4);
  await expect(huntingTable.getByRole('rowheader', { name: /Co-hunting/ })).toBeVisible();
});
