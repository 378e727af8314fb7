// @ts-check
/**
 * `npm run mutate`: StrykerJS on the modules that guard customers' tenants (issue 15). Stryker mutates
 * their code in a sandbox copy (reports/.stryker-tmp, never the tree) and runs, for each mutant, only the
 * vitest tests that cover it (perTest). tests/mutants/mutation-scores.ts then prints the score of each
 * module and fails under 85% killed. Mutants Stryker does not make, or that only Playwright can judge,
 * are in tests/mutants/known (`npm run mutants:known`). Not part of `npm test`: see README.md for the time.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.config.ts', related: true },
  mutate: [
    // message authorisation: who may ask what, and the listener that enforces it
    'utils/background/message-listener.ts',
    'utils/background/authorize-request.ts',
    // tenant resolution from the portal URL
    'utils/portal/portal-url.ts',
    // quick-action rules and the writes
    'utils/portal/quick-action-rules.ts',
    'utils/background/portal/quick-actions.ts',
    // task completion and response actions
    'utils/background/portal/managed-response.ts',
    'utils/background/portal/destructive-writes.ts',
    // the classifier and the poll (watermark; the steady poll from the sync record)
    'utils/domain/classify-handoff.ts',
    'utils/sync/poll-tenant.ts',
    'utils/sync/poll-tenant-from-record.ts',
  ],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants) need every test re-run each: too slow here. Not counted.
  ignoreStatic: true,
  // vitest does not type-check, so Stryker need not add @ts-nocheck (it chokes on the HTML fixtures).
  disableTypeChecks: false,
  // The machine has 2 cores shared with the rest of the work; more runners only thrash.
  concurrency: 2,
  timeoutMS: 20_000,
  // The first full run of the related tests, on a busy 2-core machine, takes minutes.
  dryRunTimeoutMinutes: 30,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false },
  tempDirName: 'reports/.stryker-tmp',
  cleanTempDir: true,
  ignorePatterns: ['.output*', 'test-results', 'demo-output', 'bench-output', 'playwright-report', 'reports', '.ci'],
  thresholds: { high: 90, low: 85, break: null },
};
