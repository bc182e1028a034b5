import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker per core less one: a single worker on the two-core CI machine, idle while browser
    // tests wait for Chromium and tests wait for PostgreSQL. Two workers use the wait; tests poll for what they expect
    // rather than trusting a fixed sleep, so the extra load makes them slower, not wrong.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
