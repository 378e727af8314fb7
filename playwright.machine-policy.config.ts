import { defineConfig } from '@playwright/test';
import mainConfig from './playwright.config';

/**
 * The managed-configuration spec writes a machine-wide Chromium policy file (/etc/chromium/policies/managed),
 * which every Chromium on the machine reads: it runs alone, one test at a time, after the main suite
 * (`npm run test:e2e`), never beside other tests or the demo. The main config leaves it out.
 */
export default defineConfig({
  ...mainConfig,
  testIgnore: [],
  testMatch: 'managed-policy.spec.ts',
  fullyParallel: false,
  workers: 1,
  // Chromium reloads a changed policy file only once it has settled: one test waits for that.
  timeout: 90_000,
});
