import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CONTOSO_TENANT_ID, DEMO_ANALYST } from '../fixtures/demo-tenants';
import { assertExtensionBuilt, chromiumArgs, chromiumExecutable } from '../support/chromium';
import { expect, test } from './extension-fixture';
import {
  badgeText,
  badgeTitle,
  configureTenants,
  demoTenantSettings,
  refreshNow,
  signInThroughOptions,
  tenantCache,
} from './handoff-setup';

test.describe('sign-in that lasts', () => {
  test.beforeEach(async ({ context, openExtensionPage }) => {
    const options = await openExtensionPage('options.html');
    await signInThroughOptions(context, options);
    await configureTenants(options, [demoTenantSettings.contoso]);
    await refreshNow(options);
  });

  test('a service-worker restart keeps the cache and the sign-in', async ({ context, cloud }) => {
    const options = context.pages().find((page) => page.url().endsWith('options.html'))!;
    expect((await tenantCache(options, CONTOSO_TENANT_ID))?.status.state).toBe('ok');

    // Stop the worker as Chromium does when it is idle; the next message starts a fresh instance.
    const cdp = await context.newCDPSession(options);
    const statuses: string[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const version of versions) statuses.push(version.runningStatus);
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await expect.poll(() => statuses.at(-1)).toBe('stopped');
    cloud.clearRequests();
    await refreshNow(options);
    expect(statuses.slice(statuses.lastIndexOf('stopped'))).toContain('running');

    expect((await tenantCache(options, CONTOSO_TENANT_ID))?.status.state).toBe('ok');
    expect(await options.evaluate(() => chrome.action.getBadgeText({}))).toBe('5');
    // Still signed in: Graph was asked again, and nobody was asked to sign in.
    expect(cloud.graphRequests().length).toBeGreaterThan(0);
    expect(cloud.loginRequests().filter((request) => request.path.endsWith('/authorize'))).toEqual([]);
    await expect(options.getByText(/^Signed in as/)).toBeVisible();
  });

  test('an expired refresh token is renewed without UI from the browser’s Entra session', async ({
    context,
    cloud,
    serviceWorker,
  }) => {
    const options = context.pages().find((page) => page.url().endsWith('options.html'))!;
    const pagesBefore = context.pages().length;
    cloud.entra.expireRefreshTokens();
    cloud.entra.expireAccessTokens();
    cloud.clearRequests();
    await refreshNow(options);

    expect((await tenantCache(options, CONTOSO_TENANT_ID))?.status.state).toBe('ok');
    const authorize = cloud.entra.authorizeRequests.at(-1);
    expect(authorize).toMatchObject({ prompt: 'none', authority: CONTOSO_TENANT_ID });
    expect(context.pages().length).toBe(pagesBefore);
    expect(await badgeText(serviceWorker)).toBe('5');
  });

  test('without an Entra session the badge asks for sign-in and the popup keeps the last counts', async ({
    context,
    cloud,
    serviceWorker,
    openExtensionPage,
  }) => {
    const options = context.pages().find((page) => page.url().endsWith('options.html'))!;
    cloud.entra.setSessionEnabled(false);
    cloud.entra.expireRefreshTokens();
    cloud.entra.expireAccessTokens();
    await refreshNow(options);

    expect((await tenantCache(options, CONTOSO_TENANT_ID))?.status.state).toBe('needsSignIn');
    expect(await badgeText(serviceWorker)).toBe('!');
    expect(await badgeTitle(serviceWorker)).toContain('sign in needed (5 incidents awaiting you at the last sync)');
    const popup = await openExtensionPage('popup.html');
    await expect(popup.locator('.work-queue__totals')).toHaveText('5 awaiting you · 1 tenant needs attention');
    await popup.getByRole('button', { name: /^Tenants/ }).click();
    // Pinned on top, with the counts of the last good sync.
    await expect(popup.getByRole('list', { name: 'Tenants' }).getByRole('listitem').nth(1)).toHaveText(/^ContosoNeeds sign-in · 5 awaiting/);
    await expect(popup.getByRole('status')).toContainText('Sign in needed');
  });
});

test('a browser restart keeps the sign-in: MSAL’s key died with the browser, prompt=none signs back in without UI', async ({ cloud }) => {
  const profile = await mkdtemp(join(tmpdir(), 'handoff-profile-'));
  const launch = () =>
    chromium.launchPersistentContext(profile, {
      executablePath: chromiumExecutable(),
      headless: true,
      args: chromiumArgs(assertExtensionBuilt(), cloud.chromiumArgs),
    });
  try {
    // The analyst answered "Stay signed in?" with yes: the Entra session cookie outlives the browser.
    cloud.entra.setPersistentSessions(true);
    let context = await launch();
    let worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(worker.url()).host;
    let options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await signInThroughOptions(context, options);
    await configureTenants(options, [demoTenantSettings.contoso]);
    await refreshNow(options);
    await context.close();
    cloud.entra.expireAccessTokens();

    const authorizeRequestsBefore = cloud.entra.authorizeRequests.length;
    const refreshGrantsBefore = cloud.entra.tokenCount({ grantType: 'refresh_token' });
    context = await launch();
    worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    const pagesBefore = context.pages().length;
    await refreshNow(options);
    expect((await tenantCache(options, CONTOSO_TENANT_ID))?.status.state).toBe('ok');
    expect(await badgeText(worker)).toBe('5');
    await expect(options.getByText(/^Signed in as/)).toBeVisible();
    // MSAL's persisted cache was unreadable (its key lived in memory only): no refresh token was redeemed.
    expect(cloud.entra.tokenCount({ grantType: 'refresh_token' })).toBe(refreshGrantsBefore);
    // The sign-in came back through prompt=none on the Entra session, for the signed-in analyst, without a window.
    const after = cloud.entra.authorizeRequests.slice(authorizeRequestsBefore);
    expect(after.length).toBeGreaterThan(0);
    for (const request of after) {
      expect(request).toMatchObject({ prompt: 'none', authority: CONTOSO_TENANT_ID, loginHint: DEMO_ANALYST.upn });
    }
    expect(context.pages().length).toBe(pagesBefore);
    await context.close();
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
});
