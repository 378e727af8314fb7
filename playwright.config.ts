import { defineConfig } from '@playwright/test';

// The e2e suite drives the built extension (.output/chrome-mv3) in Debian's Chromium; see tests/e2e/extension-fixture.ts.
export default defineConfig({
  testDir: 'tests/e2e',
  // Writes a machine-wide Chromium policy file: run alone, after this suite (playwright.machine-policy.config.ts).
  testIgnore: ['**/managed-policy.spec.ts'],
  fullyParallel: true,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: { trace: 'retain-on-failure' },
});
