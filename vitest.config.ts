import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}', 'utils/**/*.test.ts', 'components/**/*.test.tsx'],
    restoreMocks: true,
    // A test that waits on nothing real finishes in well under a second; 20 s leaves room for a loaded
    // 2-core machine (and Stryker's runners) without hiding a hang.
    testTimeout: 20_000,
    // A test that schedules a real timer over 100 ms fails (fake timers and injected clocks instead).
    setupFiles: ['tests/support/real-timer-guard.ts'],
  },
});
