import type { BrowserContext, Locator, Page } from '@playwright/test';
import {
  CONTOSO_TENANT_ID,
  DEMO_CLIENT_ID,
  FABRIKAM_TENANT_ID,
  NORTHWIND_TENANT_ID,
} from '../fixtures/demo-tenants';

/** The demo's customers, as a user adds them in the options page: id, name, Defender Experts service. */
export const demoTenants: ReadonlyArray<readonly [tenantId: string, name: string, service: string]> = [
  [CONTOSO_TENANT_ID, 'Contoso', 'Defender Experts for XDR'],
  [FABRIKAM_TENANT_ID, 'Fabrikam', 'Defender Experts for Hunting'],
  [NORTHWIND_TENANT_ID, 'Northwind Traders', 'None'],
];

/** The tenant the demo leaves without admin consent at first, to show a failure and its next step. */
export const unconsentedTenant = { tenantId: NORTHWIND_TENANT_ID, name: 'Northwind Traders' };

/** The options page's "Needs attention" entry of a tenant whose last sync failed. */
export function needsAttention(options: Page, name: string): Locator {
  return options.getByRole('listitem', { name: `Needs attention: ${name}` });
}

/**
 * What a new user does first: enter the app id, sign in (the fake Entra's window), add the tenants. Waits
 * until each tenant's first sync is over: Synced, or (the unconsented one) listed under "Needs attention".
 */
export async function setUpLikeAUser(context: BrowserContext, options: Page): Promise<void> {
  await options.getByRole('textbox', { name: 'Application (client) ID' }).fill(DEMO_CLIENT_ID);
  const authWindow = context.waitForEvent('page');
  await options.getByRole('button', { name: 'Sign in', exact: true }).click();
  await (await authWindow).getByRole('button', { name: 'Sign in' }).click();
  await options.getByText(/^Signed in as/).waitFor();
  // The options are pages: tenants (and "Needs attention") live on the Tenants page.
  await options.getByRole('navigation', { name: 'Options pages' }).getByRole('link', { name: 'Tenants', exact: true }).click();
  for (const [tenantId, name, service] of demoTenants) {
    await options.getByRole('textbox', { name: 'Tenant ID' }).fill(tenantId);
    await options.getByRole('textbox', { name: 'Display name' }).fill(name);
    await options.getByRole('combobox', { name: 'Defender Experts service' }).selectOption({ label: service });
    await options.getByRole('button', { name: 'Add tenant' }).click();
  }
  const tenantTable = options.getByRole('table', { name: 'Customer tenants' });
  for (const [, name] of demoTenants) {
    if (name === unconsentedTenant.name) await needsAttention(options, name).waitFor();
    else await tenantTable.getByRole('row', { name: new RegExp(name) }).getByText(/^Synced/).waitFor();
  }
}
