import { test as base, chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { startFakeMicrosoftCloud, type FakeMicrosoftCloud } from '../fakes/fake-microsoft-cloud';
import { assertExtensionBuilt, chromiumArgs, chromiumExecutable } from '../support/chromium';

interface ExtensionFixtures {
  /** The local HTTPS stand-in for login.microsoftonline.com, graph.microsoft.com and security.microsoft.com. */
  cloud: FakeMicrosoftCloud;
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  /** Opens an extension page (e.g. 'popup.html') in a tab. */
  openExtensionPage: (path: string) => Promise<Page>;
}

/**
 * Loads the already built extension (npm run build) in Debian's Chromium, with every Microsoft host
 * resolved to this test's own fake cloud. Each test gets a fresh profile and a fresh cloud.
 */
export const test = base.extend<ExtensionFixtures>({
  cloud: async ({}, use) => {
    const cloud = await startFakeMicrosoftCloud();
    await use(cloud);
    await cloud.close();
  },
  context: async ({ cloud }, use) => {
    const extensionDir = assertExtensionBuilt();
    const context = await chromium.launchPersistentContext('', {
      executablePath: chromiumExecutable(),
      headless: true,
      args: chromiumArgs(extensionDir, cloud.chromiumArgs),
    });
    await use(context);
    await context.close();
  },
  serviceWorker: async ({ context }, use) => {
    const worker =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker'));
    await use(worker);
  },
  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
  openExtensionPage: async ({ context, extensionId }, use) => {
    await use(async (path) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    });
  },
});

export const expect = test.expect;
