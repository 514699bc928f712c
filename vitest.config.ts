import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'synthetics/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: integration suites start servers and databases; keep contention bounded.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
