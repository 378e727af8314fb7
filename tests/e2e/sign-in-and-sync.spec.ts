import { CONTOSO_TENANT_ID, DEMO_ANALYST, DEMO_CLIENT_ID, FABRIKAM_TENANT_ID } from '../fixtures/demo-tenants';
import { expect, test } from './extension-fixture';

test('signing in through the options page, two tenants sync and the badge counts what awaits the partner', async ({
  context,
  openExtensionPage,
  serviceWorker,
  cloud,
}) => {
  const options = await openExtensionPage('options.html');
  await options.getByRole('textbox', { name: 'Application (client) ID' }).fill(DEMO_CLIENT_ID);
  const authWindow = context.waitForEvent('page');
  await options.getByRole('button', { name: 'Sign in' }).click();
  const signInPage = await authWindow;
  await expect(signInPage.getByRole('textbox', { name: 'Email' })).toHaveValue(DEMO_ANALYST.upn);
  await signInPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(options.getByText(`Signed in as ${DEMO_ANALYST.upn}`)).toBeVisible();
  await options.getByRole('navigation', { name: 'Options pages' }).getByRole('link', { name: 'Tenants' }).click();

  const addTenant = async (tenantId: string, name: string, service: string) => {
    await options.getByRole('textbox', { name: 'Tenant ID' }).fill(tenantId);
    await options.getByRole('textbox', { name: 'Display name' }).fill(name);
    await options.getByRole('combobox', { name: 'Defender Experts service' }).selectOption({ label: service });
    await options.getByRole('button', { name: 'Add tenant' }).click();
  };
  await addTenant(CONTOSO_TENANT_ID, 'Contoso', 'Defender Experts for XDR');
  await addTenant(FABRIKAM_TENANT_ID, 'Fabrikam', 'Defender Experts for Hunting');

  const tenants = options.getByRole('table', { name: 'Customer tenants' });
  await expect(tenants.getByRole('row', { name: /Contoso/ })).toContainText('Synced');
  await expect(tenants.getByRole('row', { name: /Fabrikam/ })).toContainText('Synced');

  // Awaiting you = awaiting customer action (1002, 1009) + open hunting-generated (1003, 1010, 1018; 2001, 2002).
  await expect.poll(() => serviceWorker.evaluate(() => chrome.action.getBadgeText({}))).toBe('7');
  expect(await serviceWorker.evaluate(() => chrome.action.getTitle({}))).toContain('7 incidents awaiting you');

  // Every incident request asked for awaitingAction by name.
  const incidentRequests = cloud.graphRequests().filter((request) => request.path.endsWith('/security/incidents'));
  expect(incidentRequests.length).toBeGreaterThan(0);
  for (const request of incidentRequests) expect(request.headers['prefer']).toContain('include-unknown-enum-members');
});
