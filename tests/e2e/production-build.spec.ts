import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CONTOSO_TENANT_ID, DEMO_CLIENT_ID, FABRIKAM_TENANT_ID, NORTHWIND_TENANT_ID, WOODGROVE_TENANT_ID } from '../fixtures/demo-tenants';
import { assertExtensionBuilt } from '../support/chromium';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

test('the production build carries no fake endpoint, demo data or test-only path', async () => {
  const files = await filesUnder(assertExtensionBuilt());
  const forbidden = [
    '127.0.0.1',
    'host-resolver-rules',
    'ignore-certificate-errors',
    'fake-microsoft-cloud',
    'tests/fakes',
    'ESTSAUTH',
    'woodgrove',
    DEMO_CLIENT_ID,
    WOODGROVE_TENANT_ID,
    CONTOSO_TENANT_ID,
    FABRIKAM_TENANT_ID,
    NORTHWIND_TENANT_ID,
  ];
  const found: string[] = [];
  for (const file of files) {
    const text = (await readFile(file)).toString('latin1').toLowerCase();
    for (const marker of forbidden) if (text.includes(marker.toLowerCase())) found.push(`${marker} in ${file}`);
  }
  expect(found).toEqual([]);
});

test('the manifest asks for a strict CSP and no remote code', async () => {
  const manifest = JSON.parse(await readFile(join(assertExtensionBuilt(), 'manifest.json'), 'utf8'));
  expect(manifest.manifest_version).toBe(3);
  const directives = new Map<string, string>(
    String(manifest.content_security_policy.extension_pages)
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name = '', ...values]) => [name, values.join(' ')]),
  );
  expect(directives.get('script-src')).toBe("'self'");
  expect(directives.get('object-src')).toBe("'none'");
  // Extension pages and the worker reach Entra and Graph and nothing else (no dev-server socket in a build).
  expect(directives.get('connect-src')).toBe("'self' https://login.microsoftonline.com https://graph.microsoft.com");
  expect(manifest.content_security_policy.extension_pages).not.toMatch(/unsafe-eval|unsafe-inline|localhost/);
  // The offscreen MSAL host is found with runtime.getContexts, which Chrome has since 116.
  expect(Number(manifest.minimum_chrome_version)).toBeGreaterThanOrEqual(116);
  expect(manifest.content_scripts.map((script: { matches: string[] }) => script.matches)).toEqual([
    ['https://mto.security.microsoft.com/*', 'https://security.microsoft.com/*'],
  ]);
  // Content scripts need no host permission: the portals are not among the hosts the extension may fetch.
  expect(manifest.host_permissions).toEqual(['https://graph.microsoft.com/*']);
});
