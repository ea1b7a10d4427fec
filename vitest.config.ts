import { defineConfig } from 'vitest/config';

// Tests that need no server: no Redis is started for them, so one file runs in seconds
// (`vitest run --project unit test/unit/keys.test.ts`). Everything else is `integration`, whose
// global setup starts the Redis topologies. `npm test` runs both projects.
const UNIT = [
  'test/unit/**/*.test.ts',
  'test/property/**/*.test.ts',
  'test/csrf/**/*.test.ts',
  'test/http/**/*.test.ts',
];
const LOGS = 'test/setup/log-capture.global.ts';

export default defineConfig({
  test: {
    setupFiles: ['test/setup/capture-fetch.ts'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // A skipped test must be a decision in code review, never a silent gap in CI.
    allowOnly: false,
    passWithNoTests: false,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT, globalSetup: [LOGS] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: UNIT,
          globalSetup: [LOGS, 'test/setup/redis.global.ts'],
        },
      },
    ],
  },
});
