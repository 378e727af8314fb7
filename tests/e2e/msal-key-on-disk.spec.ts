import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CONTOSO_TENANT_ID, DEMO_CLIENT_ID } from '../fixtures/demo-tenants';
import { assertExtensionBuilt, chromiumArgs, chromiumExecutable } from '../support/chromium';
import { decryptsEntry, findEncryptedEntries, findKeyCandidates, readProfileFiles } from '../support/msal-cache-on-disk';
import { expect, test } from './extension-fixture';
import { configureTenants, demoTenantSettings, refreshNow, signInThroughOptions, tenantCache } from './handoff-setup';

/**
 * SECURITY.md threat 2, a local disk reader: after sign-in and a sync, the browser is closed and every
 * file of the profile (Local Storage, IndexedDB, Local Extension Settings, Session Storage, Cookies, and
 * the rest) is read as raw bytes. Each string that could be MSAL's 32-byte key is tried on MSAL's
 * encrypted cache entries found there, exactly as MSAL decrypts them; none may succeed.
 */
test('no value in the closed profile on disk decrypts MSAL’s token cache', async ({ cloud }) => {
  test.setTimeout(90_000);
  const profile = await mkdtemp(join(tmpdir(), 'handoff-disk-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumExecutable(),
      headless: true,
      args: chromiumArgs(assertExtensionBuilt(), cloud.chromiumArgs),
    });
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(worker.url()).host;
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await signInThroughOptions(context, options);
    await configureTenants(options, [demoTenantSettings.contoso]);
    await refreshNow(options);
    expect((await tenantCache(options, CONTOSO_TENANT_ID))?.status.state).toBe('ok');
    // The key the browser holds in memory while it runs (storage.session), to prove the decryption below works.
    const liveKey = (await worker.evaluate(() => chrome.storage.session.get('msalCacheKey')))['msalCacheKey'] as
      | { id: string; key: string }
      | undefined;
    await context.close();

    const files = await readProfileFiles(profile);
    // Every file is read; these stores must be among them (IndexedDB and Session Storage exist once used).
    for (const store of ['Local Storage', 'Local Extension Settings', 'Cookies']) {
      expect(files.some((file) => file.path.includes(`/Default/${store}`)), store).toBe(true);
    }

    const entries = findEncryptedEntries(files);
    // MSAL's encrypted cache (refresh tokens included) is on disk: without it this test would prove nothing.
    expect(entries.length).toBeGreaterThan(0);
    if (liveKey) {
      const withLiveKey = entries.filter((entry) => entry.id === liveKey.id);
      expect(withLiveKey.length).toBeGreaterThan(0);
      expect(await decryptsEntry(Buffer.from(liveKey.key, 'base64url'), withLiveKey[0]!, DEMO_CLIENT_ID)).toBe(true);
    }

    const candidates = findKeyCandidates(files);
    expect(candidates.length).toBeGreaterThan(0);
    const byKeyId = new Map(entries.map((entry) => [entry.id, entry]));
    const decrypting: string[] = [];
    for (const candidate of candidates) {
      for (const entry of byKeyId.values()) {
        if (await decryptsEntry(candidate, entry, DEMO_CLIENT_ID)) decrypting.push(Buffer.from(candidate).toString('base64url'));
      }
    }
    expect(decrypting, 'values on disk that decrypt MSAL’s cache').toEqual([]);
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
});
