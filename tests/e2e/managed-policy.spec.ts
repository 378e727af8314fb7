import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { startFakeMicrosoftCloud, type FakeMicrosoftCloud } from '../fakes/fake-microsoft-cloud';
import { CONTOSO_TENANT_ID, DEMO_ANALYST, DEMO_CLIENT_ID, FABRIKAM_TENANT_ID } from '../fixtures/demo-tenants';
import { assertExtensionBuilt, chromiumArgs, chromiumExecutable } from '../support/chromium';
import { stableExtensionId } from '../support/extension-id';
import { expect, test } from './extension-fixture';
import { showOptionsPage as showPage } from './handoff-setup';

/**
 * The organisation's policy through a real policy file: Debian's Chromium reads every JSON file in
 * /etc/chromium/policies/managed, and hands an extension its `3rdparty.extensions.<id>` section through
 * storage.managed (validated against assets/public/managed_schema.json). The directory is machine-wide,
 * so this spec runs alone, after the main suite (playwright.machine-policy.config.ts), and removes its
 * file in `finally`. Where it cannot write there (not root), each test is reported skipped, with why.
 */

const policyDirectory = process.env.HANDOFF_CHROMIUM_POLICY_DIR || '/etc/chromium/policies/managed';

const contoso = { tenantId: CONTOSO_TENANT_ID, displayName: 'Contoso (policy)', service: 'xdr', color: 'teal' };
const fabrikam = { tenantId: FABRIKAM_TENANT_ID, displayName: 'Fabrikam (policy)', service: 'hunting', color: 'purple' };

/** Writes the policy file, or says why it cannot (then the test is skipped, never passed). */
function writePolicy(file: string, policy: Record<string, unknown>): string | null {
  try {
    mkdirSync(policyDirectory, { recursive: true });
    writeFileSync(file, JSON.stringify({ '3rdparty': { extensions: { [stableExtensionId]: policy } } }, null, 2));
    return null;
  } catch (error) {
    return `cannot write the machine-wide Chromium policy file in ${policyDirectory} (${error instanceof Error ? error.message : String(error)}): run as root to prove managed configuration`;
  }
}

/** Chromium with the built extension, every Microsoft host answered by the fake cloud, a fresh profile. */
async function launch(cloud: FakeMicrosoftCloud): Promise<{ context: BrowserContext; options: Page }> {
  const context = await chromium.launchPersistentContext('', {
    executablePath: chromiumExecutable(),
    headless: true,
    args: chromiumArgs(assertExtensionBuilt(), cloud.chromiumArgs),
  });
  const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? (await context.waitForEvent('serviceworker'));
  const options = await context.newPage();
  await options.goto(`chrome-extension://${new URL(worker.url()).host}/options.html`);
  return { context, options };
}

async function withPolicy(policy: Record<string, unknown>, body: (run: { context: BrowserContext; options: Page; file: string }) => Promise<void>) {
  const file = join(policyDirectory, `handoff-e2e-${randomUUID()}.json`);
  const cannot = writePolicy(file, policy);
  if (cannot !== null) console.warn(`[managed-policy] skipped: ${cannot}`);
  test.skip(cannot !== null, cannot ?? '');
  let cloud: FakeMicrosoftCloud | undefined;
  let context: BrowserContext | undefined;
  try {
    cloud = await startFakeMicrosoftCloud();
    const launched = await launch(cloud);
    context = launched.context;
    await body({ ...launched, file });
  } finally {
    rmSync(file, { force: true });
    await context?.close();
    await cloud?.close();
  }
}

test('a policy of one client id and two tenants: synced with no typing, shown locked, an invalid value ignored with a warning', async () => {
  await withPolicy(
    {
      clientId: DEMO_CLIENT_ID,
      tenants: [contoso, fabrikam, { tenantId: 'not-a-guid', displayName: 'Broken', service: 'xdr' }],
      quickActions: 'off',
      notificationsEnabled: false,
      pollIntervalMinutes: 0,
    },
    async ({ context, options }) => {
      const clientId = options.getByRole('textbox', { name: 'Application (client) ID' });
      await expect(clientId).toHaveValue(DEMO_CLIENT_ID);
      await expect(clientId).toHaveAttribute('readonly', '');
      await expect(clientId).toHaveAccessibleDescription(/Set by your organisation/);

      // The invalid values are named, with why; the rest of the policy applies.
      const warnings = options.getByRole('alert', { name: 'Policy warnings' });
      await expect(warnings).toContainText('tenants[2].tenantId');
      await expect(warnings).toContainText('pollIntervalMinutes');
      await showPage(options, 'Sync and notifications');
      await expect(options.getByRole('spinbutton', { name: 'Poll every (minutes)' })).not.toHaveAttribute('readonly', '');

      const notifications = options.getByRole('checkbox', { name: 'Notify me when an incident becomes mine to act on' });
      await expect(notifications).toBeDisabled();
      await expect(notifications).not.toBeChecked();
      await expect(notifications).toHaveAccessibleDescription('Set by your organisation');
      await expect(options.getByRole('checkbox', { name: 'Reviews of what Defender Experts resolved' })).toBeEnabled();

      await showPage(options, 'Account');
      const quickActions = options.getByRole('checkbox', { name: 'Enable quick actions' });
      await expect(quickActions).toBeDisabled();
      await expect(quickActions).not.toBeChecked();

      // Signing in is a click: nothing typed, no tenant added.
      const authWindow = context.waitForEvent('page');
      await options.getByRole('button', { name: 'Sign in' }).click();
      const signInPage = await authWindow;
      await signInPage.getByRole('button', { name: 'Sign in' }).click();
      await expect(options.getByText(`Signed in as ${DEMO_ANALYST.upn}`)).toBeVisible();

      await showPage(options, 'Tenants');
      const tenants = options.getByRole('table', { name: 'Customer tenants' });
      for (const name of ['Contoso (policy)', 'Fabrikam (policy)']) {
        const row = tenants.getByRole('row', { name: new RegExp(name.replace(/[()]/g, '\\$&')) });
        await expect(row).toContainText('Synced');
        await expect(row).toContainText('Set by your organisation');
        await expect(row.getByRole('button')).toHaveCount(0);
      }
      await expect(tenants.getByRole('row')).toHaveCount(3); // header + the two valid policy tenants
      // The analyst may still add their own tenants (the policy does not forbid them).
      await expect(options.getByRole('button', { name: 'Add tenant' })).toBeVisible();
    },
  );
});

test('a policy forbidding own tenants and the GDAP import, changed while the browser runs, applies without a restart', async () => {
  await withPolicy({ clientId: DEMO_CLIENT_ID, tenants: [contoso], allowUserTenants: false }, async ({ options, file }) => {
    await showPage(options, 'Tenants');
    const tenants = options.getByRole('table', { name: 'Customer tenants' });
    await expect(tenants.getByRole('row', { name: /Contoso \(policy\)/ })).toBeVisible();
    await expect(options.getByRole('button', { name: 'Add tenant' })).toHaveCount(0);
    await expect(options.getByText('Your organisation manages the tenant list')).toBeVisible();

    // Chromium watches the policy directory and reloads a changed file once it has settled (seconds).
    writePolicy(file, { clientId: DEMO_CLIENT_ID, tenants: [contoso, fabrikam], allowUserTenants: true, gdapImportAllowed: false });
    await expect(tenants.getByRole('row', { name: /Fabrikam \(policy\)/ })).toBeVisible({ timeout: 45_000 });
    await expect(options.getByRole('button', { name: 'Add tenant' })).toBeVisible();
    await expect(options.getByRole('button', { name: 'Import from GDAP' })).toHaveCount(0);
    await expect(options.getByText('Importing tenants from GDAP is turned off by your organisation')).toBeVisible();
  });
});
