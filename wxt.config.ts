import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/** What the content script's build resolves webextension-polyfill to (see the file). */
const contentScriptBrowser = fileURLToPath(new URL('./entrypoints/security.content/native-browser.ts', import.meta.url));

/**
 * A hash of the sources under utils/ and of package-lock.json (zod's version): the popup's first paint
 * uses a memo of validated settings only from the build that wrote it (utils/storage/first-paint-storage.ts),
 * so a changed schema never meets an old memo. Made from the sources alone, so a rebuild from the same
 * sources gives the same bundle.
 */
function sourceHash(): string {
  const root = fileURLToPath(new URL('./', import.meta.url));
  const files = (readdirSync(`${root}utils`, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => `${entry.parentPath}/${entry.name}`.slice(root.length))
    .sort();
  const hash = createHash('sha256');
  for (const file of [...files, 'package-lock.json']) hash.update(`${file}\0`).update(readFileSync(`${root}${file}`)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

// One manifest for Chrome/Edge (MV3) and Firefox. Permissions grow only with the feature that needs them.

/**
 * The public half (base64 DER SubjectPublicKeyInfo) of an RSA 2048 key: it fixes the Chromium extension id
 * of unpacked and self-hosted builds at bfbnmokagijepehdkaonafmkjmpjhlig (the first 32 hex digits of its
 * SHA-256, 0-f mapped to a-p), whatever the folder. That id keys the organisation's policy
 * (`3rdparty.extensions.<id>`) and the sign-in redirect URI registered in Entra (README). The private key
 * is not in this repository and is not needed to load a build; a self-hosting MSSP that signs its own CRX
 * makes its own pair and puts its public key here (README, "A stable extension id"). Store packages
 * (`npm run zip`, HANDOFF_STORE_PACKAGE=1) leave it out: the Chrome Web Store refuses a `key` and each store
 * assigns its own id.
 */
const extensionPublicKey =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAmqsaRYf7RLUs+7zfSK0OSvL6svc7wMhTLQmenF66uzpmV5HvnleErtF9H+fKANG8+PA3tnqnXN0fo1u4tU/uaKlBC3FLaPN52XsJdsKBVLWA1C/5APKNv+M4xlpYwTdXyFhGNO0JqQdnBKhtIbZKTMYg6L2E5YjLJPTdMlpCGdLYmdKdz5f+joqTqe/mJyMXeToMeIiaJHYfE174PsjpHThjDnFTidLmchqAcmXjiXJLELvAXgKPDSbB2KGCQezwg7KQh4TaVtbXc0bnTVOjtvLcxmTktKo3/aWhr6hlyR9OEIlOXkpL83/c5X02xv+RjE2aeWZa3Ym29ZwnWeMl6wIDAQAB';
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Every dependency is an explicit import: a reader sees what a file uses, and no bare identifier can
  // silently pull a module (and zod with it) into the content script.
  imports: false,
  publicDir: 'assets/public',
  // Lets parallel checkouts or agents build side by side (tests/support/chromium.ts reads the same variable).
  outDir: process.env.HANDOFF_OUT_DIR || '.output',
  // AMO's sources zip (npm run zip): the sources, never local run output (dot folders are left out by WXT).
  zip: { excludeSources: ['demo-output/**', 'test-results/**', 'playwright-report/**'] },
  manifest: ({ browser, command }) => ({
    name: 'Handoff for Microsoft Defender',
    description:
      'Shows, for every Defender incident, whether Defender Experts or your SOC owns the next step.',
    // storage/unlimitedStorage: settings and per-tenant incident caches; alarms: polling; identity: the
    // Microsoft sign-in window; notifications: new incidents awaiting you; offscreen: MSAL's host page.
    permissions: [
      'storage',
      'unlimitedStorage',
      'alarms',
      'identity',
      'notifications',
      ...(browser === 'firefox' ? [] : ['offscreen']),
    ],
    // Only Graph: tokens are redeemed by MSAL with CORS, and the portal is reached by the content script.
    host_permissions: ['https://graph.microsoft.com/*'],
    content_security_policy: {
      // No remote code, no eval, no inline script: extension pages load only their own bundles. The
      // worker, the offscreen MSAL host and the pages talk only to Entra (tokens) and Graph; the dev
      // server's reload socket is allowed in `wxt` dev mode only.
      extension_pages: [
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        `connect-src 'self' https://login.microsoftonline.com https://graph.microsoft.com${command === 'serve' ? ' ws://localhost:* http://localhost:*' : ''}`,
      ].join('; '),
    },
    ...(browser !== 'firefox' && !process.env.HANDOFF_STORE_PACKAGE && { key: extensionPublicKey }),
    // The keyboard shortcut that focuses the incident panel (utils/background/panel-shortcut.ts); the
    // analyst can change it in the browser's extension shortcuts.
    commands: {
      'focus-handoff-panel': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: 'Focus the Handoff panel on a Defender incident page',
      },
    },
    // The organisation's policy (storage.managed) is validated by Chromium against this schema; Firefox
    // reads `3rdparty.Extensions.<gecko id>` from policies.json without one (README, "Managed configuration").
    ...(browser !== 'firefox' && { storage: { managed_schema: 'managed_schema.json' } }),
    // runtime.getContexts (the offscreen MSAL host) needs Chrome 116; offscreen 109, storage access levels 102.
    ...(browser !== 'firefox' && { minimum_chrome_version: '116' }),
    ...(browser === 'firefox' && {
      // Firefox needs a stable add-on id for storage and identity redirect URLs.
      browser_specific_settings: { gecko: { id: 'handoff@handoff-for-defender', strict_min_version: '128.0' } },
    }),
  }),
  hooks: {
    // The polyfill stays in the worker and the pages; the content script, loaded by every portal tab and
    // bound to a 30 KB budget, uses the browser's own API (entrypoints/security.content/native-browser.ts).
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.some((entrypoint) => entrypoint.type === 'content-script')) return;
      config.plugins = [
        ...(config.plugins ?? []),
        {
          name: 'handoff:content-script-native-browser',
          enforce: 'pre',
          resolveId: (id: string) => (id === 'webextension-polyfill' ? contentScriptBrowser : null),
        },
      ];
    },
  },
  vite: () => ({
    plugins: [preact()],
    define: { 'import.meta.env.HANDOFF_SOURCE_HASH': JSON.stringify(sourceHash()) },
    // Terser (two passes) over esbuild's minifier: the content script, loaded by every portal tab, is
    // about 5% smaller for the same code (figures in DEVELOPERS.md).
    // HANDOFF_UNMINIFIED=1: a build whose functions keep their names, for the bench's CPU profiles only.
    build: process.env.HANDOFF_UNMINIFIED
      ? { sourcemap: false, minify: false }
      : { sourcemap: false, minify: 'terser', terserOptions: { compress: { passes: 2 } } },
  }),
});
