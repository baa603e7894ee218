import { defineConfig } from 'vitest/config';

// Unit tests: pure logic (shared/), main-process code with the electron API injected (electron/),
// and renderer logic on fake-indexeddb. Browser and end-to-end suites live in vitest.e2e.config.ts.
export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'server/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/setup/english-messages.ts'],
    testTimeout: 20_000,
  },
});
