import { test as base } from '@playwright/test';
import { startFakeMicrosoftCloud, type FakeMicrosoftCloud } from '../fakes/fake-microsoft-cloud';
import { startConnectProxy, type ConnectProxy } from './connect-proxy';
import { launchFirefoxWithHandoff, type LaunchedFirefox } from './firefox';

interface FirefoxFixtures {
  /** The local HTTPS stand-in for login.microsoftonline.com, graph.microsoft.com and security.microsoft.com. */
  cloud: FakeMicrosoftCloud;
  /** The HTTPS proxy through which Firefox reaches `cloud` (connect-proxy.ts; `proxy` is Playwright's own option). */
  connectProxy: ConnectProxy;
  /** Firefox ESR with the built add-on installed, over WebDriver BiDi. */
  firefox: LaunchedFirefox;
}

/** Each test gets its own fake cloud, proxy, Firefox profile and add-on install. */
export const test = base.extend<FirefoxFixtures>({
  cloud: async ({}, use) => {
    const cloud = await startFakeMicrosoftCloud();
    await use(cloud);
    await cloud.close();
  },
  connectProxy: async ({ cloud }, use) => {
    const proxy = await startConnectProxy(cloud.port);
    await use(proxy);
    await proxy.close();
  },
  firefox: async ({ connectProxy }, use) => {
    const firefox = await launchFirefoxWithHandoff(connectProxy.port);
    await use(firefox);
    await firefox.browser.close();
  },
});

export const expect = test.expect;
