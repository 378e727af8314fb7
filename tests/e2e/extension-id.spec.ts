import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtExtensionDir, repoRoot } from '../support/chromium';
import { extensionIdFromKey, stableExtensionId } from '../support/extension-id';
import { expect, test } from './extension-fixture';

/**
 * The built extension's `key` fixes its id, whatever folder it is loaded from: the id the organisation's
 * policy is keyed by and the redirect URI registered in Entra are the ones README lists.
 */
test('an unpacked build runs under the stable id README lists, from its manifest key', async ({ extensionId }) => {
  const manifest = JSON.parse(readFileSync(resolve(builtExtensionDir, 'manifest.json'), 'utf8')) as { key?: string; storage?: unknown };
  expect(manifest.key, 'the manifest carries a key').toBeTruthy();
  expect(extensionIdFromKey(manifest.key!)).toBe(stableExtensionId);
  expect(extensionId).toBe(stableExtensionId);
  expect(manifest.storage).toEqual({ managed_schema: 'managed_schema.json' });
  const readme = readFileSync(resolve(repoRoot, 'README.md'), 'utf8');
  expect(readme).toContain(`https://${stableExtensionId}.chromiumapp.org/`);
});
