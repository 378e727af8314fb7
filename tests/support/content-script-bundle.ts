/**
 * The built content script (what every portal tab loads) and what is in it: its size, raw and gzip, and
 * whether libraries that must stay out of it got in. A library is recognised by strings its code always
 * carries; `librariesFoundIn` is also run on the background's bundles, where those libraries are, so a
 * marker that stopped matching would show there.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { builtExtensionDir } from './chromium';

export const contentScriptBudgetGzipBytes = 30 * 1024;

export const libraryMarkers = {
  MSAL: ['BrowserAuthError', 'interaction_in_progress'],
  'Graph client': ['GraphClientError', 'graph-js'],
  zod: ['_zod'],
  // Its API table (wxt.config.ts gives the content script the browser's own API instead).
  webextensionPolyfill: ['minArgs', 'maxArgs'],
} as const;
export type LibraryName = keyof typeof libraryMarkers;

export interface BundleFile {
  name: string;
  bytes: number;
  gzipBytes: number;
  text: string;
}

function bundleFile(path: string, name: string): BundleFile {
  const content = readFileSync(path);
  return { name, bytes: content.length, gzipBytes: gzipSync(content).length, text: content.toString('utf8') };
}

/** content-scripts/security.js and .css of the built extension. */
export function contentScriptFiles(extensionDir = builtExtensionDir): BundleFile[] {
  const folder = join(extensionDir, 'content-scripts');
  return readdirSync(folder)
    .filter((name) => name.startsWith('security.'))
    .sort()
    .map((name) => bundleFile(join(folder, name), `content-scripts/${name}`));
}

/** background.js and the chunks: where MSAL, the Graph client and zod are expected. */
export function backgroundFiles(extensionDir = builtExtensionDir): BundleFile[] {
  const chunks = join(extensionDir, 'chunks');
  return [
    bundleFile(join(extensionDir, 'background.js'), 'background.js'),
    ...readdirSync(chunks)
      .filter((name) => name.endsWith('.js'))
      .map((name) => bundleFile(join(chunks, name), `chunks/${name}`)),
  ];
}

export function librariesFoundIn(files: readonly BundleFile[]): LibraryName[] {
  const text = files.map((file) => file.text).join('\n');
  return (Object.keys(libraryMarkers) as LibraryName[]).filter((library) =>
    libraryMarkers[library].every((marker) => text.includes(marker)),
  );
}
