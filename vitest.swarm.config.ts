import { defineConfig } from 'vitest/config';

// `npm run test:swarm` and `npm run drill:swarm`: the Swarm suites, one file at a time (they
// share one Docker Engine and one set of published ports).
export default defineConfig({
  test: {
    include: ['tests/swarm/**/*.test.ts'],
    testTimeout: 10 * 60_000,
    hookTimeout: 45 * 60_000,
    maxWorkers: 1,
    fileParallelism: false,
  },
});
