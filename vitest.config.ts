import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    // The Swarm suites run apart (`npm run test:swarm`, vitest.swarm.config.ts); k6 scripts are k6's.
    exclude: ['node_modules/**', 'synthetics/k6/**', 'tests/swarm/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: integration suites start servers and databases; keep contention bounded.
    maxWorkers: 2,
    fileParallelism: true,
    // Only with `--coverage` (test.yml): json-summary feeds the job summary, html the artifact.
    coverage: {
      provider: 'v8',
      reporter: ['text-summary', 'json-summary', 'html'],
      include: [
        'api/**/*.ts',
        'exporters/**/*.ts',
        'notifier/**/*.ts',
        'lib/**/*.ts',
        'rules/**/*.ts',
        'dashboards-src/**/*.ts',
        'scrape/**/*.ts',
        'local-platform/**/*.ts',
        'drills/alert-timing/**/*.ts',
        'scripts/**/*.ts',
        'plan/**/*.ts',
        'synthetics/**/*.ts',
      ],
      exclude: ['**/*.test.ts', '**/node_modules/**'],
    },
  },
});
