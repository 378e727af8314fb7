import { createHash } from 'node:crypto';
import { CONTOSO_TENANT_ID, DEMO_ANALYST, FABRIKAM_TENANT_ID, NORTHWIND_TENANT_ID } from '../fixtures/demo-tenants';
import { expect, test } from './firefox-fixture';
import { eventPageIdleTimeoutMs, openExtensionPage } from './firefox';
import { portalUrl, signInThroughOptions, syncDemoTenants } from './handoff-in-firefox';

/**
 * The Firefox smoke suite (issue 13): the built add-on in Debian's Firefox ESR against the fake cloud.
 * It loads, signs in through the fake Entra's window (identity.launchWebAuthFlow with Firefox's
 * extensions.allizom.org redirect URL, MSAL in the background page), syncs the three demo tenants, sets
 * the badge and draws chips on the portal's queue.
 */
test('the add-on loads, signs in, syncs the demo tenants, sets the badge and draws chips on the queue', async ({
  firefox,
  cloud,
  connectProxy,
}) => {
  await test.step('loads: an extension page opens and knows its identity redirect URL', async () => {
    const page = await openExtensionPage(firefox, 'popup.html');
    // Firefox's: https://<SHA-1 of the add-on id, hex>.extensions.allizom.org/, stable since the add-on id
    // is fixed in wxt.config.ts: the URL to register in Entra for Firefox (README).
    const addonHash = createHash('sha1').update(firefox.addonId).digest('hex');
    expect(await page.evaluate(() => chrome.identity.getRedirectURL())).toBe(`https://${addonHash}.extensions.allizom.org/`);
    await page.close();
  });

  const options = await test.step('signs in through the fake Entra window', async () => {
    const page = await signInThroughOptions(firefox, async (signIn) => {
      expect(await signIn.$eval('input#email', (input) => (input as HTMLInputElement).value)).toBe(DEMO_ANALYST.upn);
    });
    expect(await page.$eval('.account__status', (status) => status.textContent)).toContain(DEMO_ANALYST.upn);
    // The authorize requests named Firefox's redirect URL, which the fake Entra accepts as it does
    // Chromium's. Firefox first requests the authorize URL itself (a page came back, not a redirect, so
    // it opened the window), then the window's request ended with a code.
    expect(cloud.entra.authorizeRequests.map((request) => request.redirectUri)).toEqual([
      expect.stringMatching(/^https:\/\/[0-9a-f]{40}\.extensions\.allizom\.org\/$/),
      expect.stringMatching(/^https:\/\/[0-9a-f]{40}\.extensions\.allizom\.org\/$/),
    ]);
    expect(cloud.entra.authorizeRequests.map((request) => request.outcome)).toEqual(['signInPage', 'code']);
    return page;
  });

  await test.step('syncs the three demo tenants', async () => {
    const rows = await syncDemoTenants(options);
    expect(Object.keys(rows)).toEqual(['Contoso', 'Fabrikam', 'Northwind Traders']);
    // A token for each customer tenant, redeemed silently by MSAL in the background page.
    const tokenTenants = new Set(cloud.entra.issuedTokens.map((token) => token.tenantId));
    expect([...tokenTenants]).toEqual(expect.arrayContaining([CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, NORTHWIND_TENANT_ID]));
  });

  await test.step('sets the badge to what awaits the analyst', async () => {
    // Awaiting you: Contoso's awaiting customer action (1002, 1009) and open hunting findings (1003, 1010,
    // 1018), Fabrikam's hunting findings (2001, 2002); Northwind has no Defender Experts service.
    await expect.poll(() => options.evaluate(() => chrome.action.getBadgeText({}))).toBe('7');
    expect(await options.evaluate(() => chrome.action.getTitle({}))).toContain('7 incidents awaiting you');
  });

  await test.step('after Firefox unloads the idle event page, the next round gets its tokens from MSAL’s cache', async () => {
    const backgroundContexts = () =>
      options.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['BACKGROUND'] })).length);
    // Polling from the options page does not keep the background alive (only its own events and API calls do).
    await expect.poll(backgroundContexts, { timeout: eventPageIdleTimeoutMs * 4, intervals: [500] }).toBe(0);
    const authorizeRequests = cloud.entra.authorizeRequests.length;
    const issuedTokens = cloud.entra.issuedTokens.length;
    const incidentReads = cloud.graphRequests().filter((request) => request.path.endsWith('/security/incidents')).length;
    // The message starts the page again: a new MSAL instance reads its localStorage cache with the key
    // kept in storage.session, so no sign-in, no token request, and Graph accepts the cached tokens.
    expect(await options.evaluate(() => chrome.runtime.sendMessage({ type: 'refreshNow' }))).toEqual({ ok: true });
    expect(await backgroundContexts()).toBe(1);
    const newReads = cloud.graphRequests().filter((request) => request.path.endsWith('/security/incidents')).slice(incidentReads);
    expect(newReads.map((request) => request.status)).toEqual([200, 200, 200]);
    expect(cloud.entra.authorizeRequests).toHaveLength(authorizeRequests);
    expect(cloud.entra.issuedTokens).toHaveLength(issuedTokens);
    expect(await options.evaluate(() => chrome.action.getBadgeText({}))).toBe('7');
  });

  await test.step('draws chips on the portal queue', async () => {
    const queue = await firefox.browser.newPage();
    await queue.goto(`${portalUrl}/incidents?tid=${CONTOSO_TENANT_ID}`);
    // Contoso's 14 open incidents: closed and merged ones get no chip by default.
    await expect.poll(() => queue.$$eval('handoff-incident-chip', (chips) => chips.length)).toBe(14);
    // The hosts' public test contract (the chips themselves are in closed shadow roots).
    const owners = await queue.$$eval('handoff-incident-chip', (chips) =>
      Object.fromEntries(
        chips.map((chip) => {
          const { handoffIncidentId, handoffOwner, handoffVerb } = (chip as HTMLElement).dataset;
          return [handoffIncidentId, `${handoffOwner} ${handoffVerb}`];
        }),
      ),
    );
    expect(owners).toMatchObject({ '1002': 'partner act', '1003': 'partner act', '1004': 'defenderExperts defenderExperts', '1006': 'partner review' });
    expect(owners['1007']).toBeUndefined();
  });

  // Firefox's own services (remote settings) are refused by the proxy and left out; nothing of Handoff's
  // (another Microsoft host, an http:// URL) may have been.
  const firefoxServices = /\.(mozilla\.(com|net|org)|firefox\.com):443$/;
  expect(connectProxy.refused.filter((target) => !firefoxServices.test(target)), 'requests refused by the proxy').toEqual([]);
});
