import { defineConfig } from '@playwright/test';

// The Firefox smoke suite: the built add-on (.output/firefox-mv3) in Debian's Firefox ESR over WebDriver
// BiDi (puppeteer-core; see tests/firefox/firefox.ts). Playwright is only the test runner here.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // One Firefox at a time: each takes a core for ~10 s to start on this 2-core machine.
  workers: 1,
  // A quiet run takes under a minute per test; the margin is for a machine shared with other builds.
  timeout: 180_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
});
