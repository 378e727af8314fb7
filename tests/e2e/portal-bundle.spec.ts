import { test, expect } from '@playwright/test';
import {
  backgroundFiles,
  contentScriptBudgetGzipBytes,
  contentScriptFiles,
  librariesFoundIn,
  libraryMarkers,
} from '../support/content-script-bundle';
import { assertExtensionBuilt } from '../support/chromium';

/**
 * The built content script every portal tab loads stays small and holds no token or Graph code: a size
 * and a content check of the build (not a timing). `npm run bench` prints the figures.
 */
test('the content script stays under 30 KB gzip, without MSAL, the Graph client, zod or the webextension polyfill', () => {
  assertExtensionBuilt();
  const files = contentScriptFiles();
  const script = files.find((file) => file.name.endsWith('.js'));
  expect(script).toBeDefined();
  expect(script!.gzipBytes).toBeLessThan(contentScriptBudgetGzipBytes);
  expect(librariesFoundIn(files)).toEqual([]);
  // The markers do find those libraries where they belong, so the check above can fail.
  expect(librariesFoundIn(backgroundFiles())).toEqual(Object.keys(libraryMarkers));
});
