import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exporterCollectors, exporters } from '../lib/catalog/exporters.ts';
import { migrate } from '../lib/db/migrate.ts';
import { createPool } from '../lib/db/pool.ts';
import { type DeclaredSeries, declaredSeries } from '../lib/testing/declared-series.ts';
import { createTestDatabase, type TestDatabase } from '../lib/testing/database.ts';
import { parseScrape, type Scrape } from '../lib/testing/scrape-text.ts';
import { type ServiceChild, startServiceChild } from '../lib/testing/service-child.ts';
import { waitFor } from '../lib/testing/wait.ts';

// The exporter as `npm run exporters` runs it, over an empty port (the schema, no rows): once
// every collector has refreshed, every label combination the catalog declares for its
// closed-label metrics is published, at 0 where nothing happened.
const port = Number(process.env.PORTTRACK_TEST_DECLARED_ZERO_EXPORTER_PORT ?? 22020);
let database: TestDatabase;
let child: ServiceChild | undefined;
let scrape: Scrape;

beforeAll(async () => {
  database = await createTestDatabase('declared_zero_exporters');
  const pool = createPool({ connectionString: database.url, applicationName: 'declared-zero-test' });
  await migrate(pool, { dir: 'api/migrations', table: 'schema_migrations' });
  await pool.end();
  child = await startServiceChild('exporters/main.ts', port, {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    LOG_LEVEL: 'silent',
  });
  const url = child.url;
  scrape = await waitFor(
    async () => {
      const now = parseScrape(await (await fetch(`${url}/metrics`)).text());
      const refreshed = now.series(exporters.lastRefreshSuccess.name).filter((s) => s.value > 0);
      return refreshed.length === exporterCollectors.length && now;
    },
    'every collector to refresh once',
    60_000,
    250,
  );
}, 120_000);

afterAll(async () => {
  await child?.stop();
  await database?.drop();
});

const show = (s: DeclaredSeries) => `${s.def.name}${JSON.stringify(s.labels)} = ${s.value}`;

/**
 * Metrics whose value on an empty port is not 0, and why: a role nobody is required for counts as
 * fully covered; the refresh self-metrics say how long the refresh took, when it succeeded and
 * how many rows its queries read (an aggregate answers one row even over empty tables).
 */
const notZeroWhenEmpty = new Set<string>([
  exporters.staffCoverage.name,
  exporters.refreshDuration.name,
  exporters.lastRefreshSuccess.name,
  exporters.rowsScanned.name,
]);

describe('the exporter over an empty port', () => {
  it('publishes every declared combination of its closed-label metrics', () => {
    const all = declaredSeries(Object.values(exporters), scrape);
    // Vessels by status and type, cargo by status, category and unit, staff by role, collectors...
    expect(new Set(all.map((s) => s.def.name)).size).toBeGreaterThanOrEqual(15);
    expect(all.filter((s) => s.value === undefined).map(show)).toEqual([]);
  });

  it('at 0 where nothing happened', () => {
    const all = declaredSeries(
      Object.values(exporters).filter((d) => !notZeroWhenEmpty.has(d.name)),
      scrape,
    );
    expect(all.filter((s) => s.value !== 0).map(show)).toEqual([]);
  });
});
