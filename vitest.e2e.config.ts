import { defineConfig } from 'vitest/config';

// End-to-end suites drive Debian's Chromium with playwright-core against the built renderer.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/global-setup.ts'],
    setupFiles: ['test/setup/english-messages.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
