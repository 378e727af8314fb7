import type { Browser, Page } from 'puppeteer-core';
import { DEMO_CLIENT_ID } from '../fixtures/demo-tenants';
import { demoTenantSettings } from '../e2e/handoff-setup';
import { openExtensionPage, waitInPage, type LaunchedFirefox } from './firefox';

/** The shared steps of the Firefox specs: sign in as a user would, configure the demo tenants, sync. */

export const portalUrl = 'https://security.microsoft.com';
export const demoTenants = Object.values(demoTenantSettings);

/** Waits for a tab or window whose URL starts with `prefix` (the sign-in window opens on its own). */
export async function waitForPage(browser: Browser, prefix: string): Promise<Page> {
  const target = await browser.waitForTarget((candidate) => candidate.url().startsWith(prefix), { timeout: 15_000 });
  const page = await target.page();
  if (!page) throw new Error(`No page for ${target.url()}`);
  return page;
}

/**
 * Options page: the client id, Sign in, and in the fake Entra's window (identity.launchWebAuthFlow) the
 * prefilled analyst's "Sign in". `inSignInWindow` may check the window before it is submitted.
 * Returns when the options page says "Signed in as".
 */
export async function signInThroughOptions(
  firefox: LaunchedFirefox,
  inSignInWindow: (signIn: Page) => Promise<void> = async () => undefined,
): Promise<Page> {
  const options = await openExtensionPage(firefox, 'options.html');
  await options.type('#client-id', DEMO_CLIENT_ID);
  const signInWindow = waitForPage(firefox.browser, 'https://login.microsoftonline.com/');
  await options.click('form.account button[type="submit"]');
  const signIn = await signInWindow.catch(async (error: unknown) => {
    const said = await options.$eval('form.account [role="alert"]', (alert) => alert.textContent).catch(() => 'no error shown');
    throw new Error(`The sign-in window never opened (${String(error)}); the options page says: ${said}`);
  });
  await signIn.waitForSelector('input#email');
  await inSignInWindow(signIn);
  await signIn.click('button.primary');
  await waitInPage(
    options,
    () => document.querySelector('.account__status')?.textContent?.includes('Signed in as') ?? false,
    [],
    'the options page never said "Signed in as"',
  );
  return options;
}

/**
 * Saves the three demo tenants as the options page does, asks the background for a round and waits
 * until the options page's tenant table says each is synced. Returns each row's text by tenant name.
 */
export async function syncDemoTenants(options: Page): Promise<Record<string, string>> {
  await options.evaluate(async (configured) => {
    const { settings = {} } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings as object), tenants: configured } });
  }, demoTenants);
  await options.evaluate(() => chrome.runtime.sendMessage({ type: 'refreshNow' }));
  // The tenant table is on the options page's Tenants page.
  await options.evaluate(() => {
    location.hash = 'tenants';
  });
  const names = demoTenants.map((tenant) => tenant.displayName);
  return waitInPage(
    options,
    (expected: string[]) => {
      const rows = [...document.querySelectorAll('table[aria-label="Customer tenants"] tbody tr')].map((row) => row.textContent ?? '');
      const byName = Object.fromEntries(expected.map((name) => [name, rows.find((row) => row.includes(name)) ?? '']));
      return Object.values(byName).every((row) => row.includes('Synced')) ? byName : null;
    },
    [names],
    `the options page never showed ${names.join(', ')} as synced`,
  );
}
