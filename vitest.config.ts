import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Postgres and browser suites share machine-wide resources; files still run in parallel workers.
    pool: 'forks',
  },
});
