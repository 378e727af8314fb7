/**
 * Launching Debian's Firefox ESR with the built Handoff add-on, over WebDriver BiDi (puppeteer-core;
 * Playwright cannot drive a stock Firefox). What each choice is for (DEVELOPERS.md, machine facts, "Firefox"):
 *
 * - `browser: 'firefox'` + `executablePath`: puppeteer-core downloads nothing; BiDi is Firefox's own.
 * - `browser.installExtension(dir)`: BiDi `webExtension.install` of the unpacked build, as a temporary
 *   add-on (like about:debugging's "Load Temporary Add-on"): unsigned is fine, every permission granted.
 * - `extensions.webextensions.uuids`: Firefox gives each add-on a random moz-extension:// UUID per
 *   profile; the pref fixes it, so the test knows the extension's origin.
 * - `--remote-allow-system-access`: without it BiDi refuses to navigate a tab to a moz-extension:// page
 *   ("Navigation to ... is not allowed in this context": only http(s), file, blob and about:blank).
 * - `extensions.background.idle.timeout`: see firefoxPrefs.
 * - manual HTTPS proxy prefs: Firefox has no host-resolver flag; connect-proxy.ts tunnels the Microsoft
 *   hosts to the fake cloud. `acceptInsecureCerts` makes Firefox accept the fake's self-signed certificate
 *   for every request of the session (pages, the add-on's background, launchWebAuthFlow's own request).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { repoRoot } from '../support/chromium';

export const firefoxExtensionDir = resolve(repoRoot, process.env.HANDOFF_OUT_DIR || '.output', 'firefox-mv3');

/** Debian's firefox-esr (apt); FIREFOX_PATH overrides. Missing Firefox fails the suite, it never skips it. */
export function firefoxExecutable(): string {
  const candidates = [process.env.FIREFOX_PATH, '/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox-esr'];
  const found = candidates.find((path): path is string => !!path && existsSync(path));
  if (!found) {
    throw new Error('Firefox ESR not found: run `npm run setup` (installs Debian firefox-esr) or set FIREFOX_PATH.');
  }
  return found;
}

export function assertFirefoxExtensionBuilt(): { dir: string; addonId: string } {
  const manifestPath = resolve(firefoxExtensionDir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new Error(`No Firefox build in ${firefoxExtensionDir}: run \`npm run build:firefox\` first (npm run test:firefox does).`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const addonId = manifest.browser_specific_settings?.gecko?.id;
  if (!addonId) throw new Error(`${manifestPath} has no browser_specific_settings.gecko.id.`);
  return { dir: firefoxExtensionDir, addonId };
}

export const eventPageIdleTimeoutMs = 5_000;

/** Preferences of the test profile: HTTPS through the local proxy, the add-on's fixed UUID, a short idle timeout. */
export function firefoxPrefs(proxyPort: number, addonId: string, extensionUuid: string): Record<string, unknown> {
  return {
    'network.proxy.type': 1, // manual
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxyPort,
    'network.proxy.share_proxy_settings': false,
    'extensions.webextensions.uuids': JSON.stringify({ [addonId]: extensionUuid }),
    // Firefox unloads an idle MV3 event page after 30 s; 5 s lets a test see it unloaded and started again
    // (firefox-smoke.spec.ts) without waiting half a minute.
    'extensions.background.idle.timeout': eventPageIdleTimeoutMs,
  };
}

export interface LaunchedFirefox {
  browser: Browser;
  addonId: string;
  /** moz-extension://<uuid> */
  extensionOrigin: string;
}

export async function launchFirefoxWithHandoff(proxyPort: number): Promise<LaunchedFirefox> {
  const { dir, addonId } = assertFirefoxExtensionBuilt();
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxExecutable(),
    headless: true,
    acceptInsecureCerts: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: firefoxPrefs(proxyPort, addonId, uuid),
  });
  try {
    const installed = await browser.installExtension(dir);
    if (installed !== addonId) throw new Error(`Firefox installed ${installed}, expected ${addonId}.`);
  } catch (error) {
    await browser.close();
    throw error;
  }
  return { browser, addonId, extensionOrigin: `moz-extension://${uuid}` };
}

/**
 * Waits until `read` (run in `page`) returns a truthy value, retrying through navigations and process
 * switches (Firefox moves a tab into the extension process when it opens a moz-extension:// page, and
 * puppeteer's navigation tracking does not follow: page.url() keeps saying about:blank, so a plain
 * page.goto never resolves). Throws `timeoutMessage` after `timeoutMs`.
 */
export async function waitInPage<T, A extends unknown[]>(
  page: Page,
  read: (...args: A) => T | Promise<T>,
  args: A,
  timeoutMessage: string,
  timeoutMs = 15_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = (await page.evaluate(read as (...params: unknown[]) => unknown, ...args)) as T;
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error; // a context destroyed by a navigation: try again
    }
    if (Date.now() > deadline) {
      throw new Error(`${timeoutMessage}${lastError instanceof Error ? ` (last error: ${lastError.message})` : ''}`);
    }
    await new Promise((resolveTimer) => setTimeout(resolveTimer, 100));
  }
}

/** Opens an extension page (e.g. 'options.html') in a new tab and waits until it has loaded. */
export async function openExtensionPage(firefox: LaunchedFirefox, path: string): Promise<Page> {
  const page = await firefox.browser.newPage();
  const url = `${firefox.extensionOrigin}/${path}`;
  // See waitInPage: the navigation is started, not awaited.
  void page.goto(url).catch(() => undefined);
  await waitInPage(page, (expected) => location.href === expected && document.readyState === 'complete', [url], `${url} did not load`);
  return page;
}
