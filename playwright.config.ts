import { defineConfig } from '@playwright/test';

// The e2e suite drives the built extension (.output/chrome-mv3) in Debian's Chromium; see tests/e2e/extension-fixture.ts.
export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: { trace: 'retain-on-failure' },
});
