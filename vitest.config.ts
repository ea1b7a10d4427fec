import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/log-capture.global.ts', 'test/setup/redis.global.ts'],
    setupFiles: ['test/setup/capture-fetch.ts'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // A skipped test must be a decision in code review, never a silent gap in CI.
    allowOnly: false,
    passWithNoTests: false,
  },
});
