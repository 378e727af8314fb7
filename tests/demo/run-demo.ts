/**
 * `npm start`: the built extension in Chromium against the bundled demo tenants, every Microsoft host
 * answered by the local fake cloud. With a display, a window for the user (close it to end); without
 * one, or with --headless, it ends after the screenshots. Either way it goes through each surface's main
 * states (first run, a consent failure, the panel's top card, a chip popover, a hunt across tenants, the
 * popup's work queue) and
 * writes a screenshot of each under demo-output/ (tests/demo/demo-states.ts), then prints their list.
 */
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { startFakeMicrosoftCloud } from '../fakes/fake-microsoft-cloud';
import { assertExtensionBuilt, chromiumArgs, chromiumExecutable, repoRoot } from '../support/chromium';
import { DemoShots } from './demo-shots';
import { setUpLikeAUser, unconsentedTenant } from './demo-setup';
import { chipPopover, consentFailure, firstRun, huntAcrossTenants, openPage, panelTopCard, workQueue, type DemoPages } from './demo-states';

const outputDir = resolve(repoRoot, 'demo-output');
const headless = process.argv.includes('--headless') || !process.env.DISPLAY || process.env.CI === 'true';

async function main(): Promise<void> {
  const started = Date.now();
  const extensionDir = assertExtensionBuilt();
  const cloud = await startFakeMicrosoftCloud();
  const context = await chromium.launchPersistentContext('', {
    executablePath: chromiumExecutable(),
    headless,
    viewport: { width: 1440, height: 900 },
    args: chromiumArgs(extensionDir, cloud.chromiumArgs),
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(worker.url()).host;
    const shots = new DemoShots(outputDir);
    await shots.reset();
    const pages: DemoPages = { context, extensionId, shots };

    // One customer has not approved Handoff yet: its first sync fails, and the demo shows the way out.
    cloud.entra.consentedTenants.delete(unconsentedTenant.tenantId);
    const options = await openPage(context, `chrome-extension://${extensionId}/options.html`);
    await firstRun(pages, options);
    await setUpLikeAUser(context, options);
    await consentFailure(pages, options, cloud);
    await panelTopCard(pages);
    await chipPopover(pages);
    await huntAcrossTenants(pages);
    const popup = await workQueue(pages);
    const badge = await popup.evaluate(() => chrome.action.getTitle({}));
    await shots.page('options-page', 'options page after setup (whole page)', options, { fullPage: true });
    await options.bringToFront();

    console.log(`Handoff demo (${headless ? 'headless' : 'with a window'}; fake Microsoft cloud on 127.0.0.1:${cloud.port})`);
    console.log(`Toolbar badge: ${badge.split('\n')[0]}`);
    for (const { file, description, bytes } of shots.taken) {
      console.log(`  demo-output/${file}  ${description} (${Math.round(bytes / 1024)} KB)`);
    }
    console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    if (!headless) {
      console.log('Handoff demo running: close the Chromium window to end it.');
      await new Promise<void>((done) => context.on('close', () => done()));
    }
  } finally {
    await context.close().catch(() => undefined);
    await cloud.close();
  }
}

main().catch((error: unknown) => {
  console.error('The demo failed:', error);
  process.exit(1);
});
