import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/redis.global.ts'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // A skipped test must be a decision in code review, never a silent gap in CI.
    allowOnly: false,
    passWithNoTests: false,
  },
});
