import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const builtExtensionDir = resolve(repoRoot, process.env.HANDOFF_OUT_DIR || '.output', 'chrome-mv3');

/** Debian's Chromium binary: the `/usr/bin/chromium` wrapper works too but prints a shell error on start. */
export function chromiumExecutable(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'];
  const found = candidates.find((path): path is string => !!path && existsSync(path));
  if (!found) {
    throw new Error('Chromium not found: run `npm run setup` (installs Debian chromium) or set CHROMIUM_PATH.');
  }
  return found;
}

export function assertExtensionBuilt(): string {
  if (!existsSync(resolve(builtExtensionDir, 'manifest.json'))) {
    throw new Error(`No built extension in ${builtExtensionDir}: run \`npm run build\` first.`);
  }
  return builtExtensionDir;
}

/**
 * Flags for the extension under test. Playwright adds --disable-extensions, so the extension must be
 * named in --disable-extensions-except or no service worker starts. The background-networking flags keep
 * Chromium from calling Google services this closed network refuses.
 */
export function chromiumArgs(extensionDir: string, extra: readonly string[] = []): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...extra,
  ];
}
