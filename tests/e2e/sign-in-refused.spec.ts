import type { Page } from '@playwright/test';
import { DEMO_CLIENT_ID, WOODGROVE_TENANT_ID } from '../fixtures/demo-tenants';
import { expect, test } from './extension-fixture';

/**
 * Interactive sign-in that does not end in a sign-in (the browser's behaviour: the auth window closed,
 * Entra's consent page answered Cancel): the options page says why, nothing is stored as signed in, and
 * no sync runs (Graph is never asked).
 */

async function startSignIn(options: Page) {
  await options.getByRole('textbox', { name: 'Application (client) ID' }).fill(DEMO_CLIENT_ID);
  const authWindow = options.context().waitForEvent('page');
  await options.getByRole('button', { name: 'Sign in' }).click();
  return authWindow;
}

async function expectNotSignedIn(options: Page, cloud: { graphRequests(): unknown[] }) {
  await expect(options.getByText(/^Signed in as/)).toHaveCount(0);
  expect(await options.evaluate(async () => (await chrome.storage.local.get('signedInAccount'))['signedInAccount'] ?? null)).toBeNull();
  expect(cloud.graphRequests()).toEqual([]);
}

test('closing the sign-in window signs nobody in, and says the sign-in was not completed', async ({ openExtensionPage, cloud }) => {
  const options = await openExtensionPage('options.html');
  const signInPage = await startSignIn(options);
  await signInPage.close();
  await expect(options.getByRole('alert').locator('.failure-advice__sentence')).toHaveText(
    'The sign-in window was closed before the sign-in finished. Nobody is signed in.',
  );
  // Chromium's own words stay under Details.
  await expect(options.getByRole('alert').locator('details')).toContainText('did not approve access');
  await expectNotSignedIn(options, cloud);
});

test('declining consent on Entra’s consent page signs nobody in, and says consent was declined', async ({ openExtensionPage, cloud }) => {
  // The partner tenant has not consented to the app: Entra shows the user its consent page.
  cloud.entra.consentedTenants.delete(WOODGROVE_TENANT_ID);
  const options = await openExtensionPage('options.html');
  const signInPage = await startSignIn(options);
  await signInPage.getByRole('button', { name: 'Sign in' }).click();
  await signInPage.getByRole('button', { name: 'Cancel' }).click();
  await expect(options.getByRole('alert').locator('.failure-advice__sentence')).toHaveText(
    'The permissions Handoff asks for were declined, so nobody is signed in. Sign in again and accept them.',
  );
  await expect(options.getByRole('alert').locator('details')).toContainText('declined to consent');
  await expectNotSignedIn(options, cloud);
});
