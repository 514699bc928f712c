import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createPool } from '../../lib/db/pool.ts';
import { createLogger } from '../../lib/logger.ts';
import { createCollectors } from '../../exporters/collectors.ts';
import { loadExporterConfig } from '../../exporters/config.ts';
import { createExporterMetrics } from '../../exporters/core/metrics.ts';

/**
 * The baseline: the same figures computed by SQL on every scrape, as postgres_exporter custom
 * queries (or a collect() callback querying the database) would. Each scrape builds fresh
 * collectors, so counters are full recounts (there is no state between scrapes to read from).
 */
export async function startNaiveExporter(databaseUrl: string) {
  const config = loadExporterConfig({ DATABASE_URL: databaseUrl, EXPORTER_COUNTER_SETTLE_SECONDS: '0' });
  const logger = createLogger({ service: 'exporters-naive', nodeEnv: 'test', level: 'silent' });
  const pool = createPool({
    connectionString: databaseUrl,
    max: 1,
    applicationName: 'porttrack-exporters-naive',
  });
  const { registry, cache } = createExporterMetrics(createCollectors(config), logger);
  /** Milliseconds of SQL per collector, per scrape. */
  const queryMs: Record<string, number[]> = {};
  /** Rows the queries aggregated, per scrape. */
  const rowsRead: number[] = [];

  const app = express();
  app.get('/metrics', async (_req, res) => {
    const client = await pool.connect();
    try {
      let rows = 0;
      for (const collector of createCollectors(config)) {
        const started = performance.now();
        const reading = await collector.refresh(client);
        cache.publish(collector, reading);
        (queryMs[collector.name] ??= []).push(performance.now() - started);
        rows += reading.rowsScanned;
      }
      rowsRead.push(rows);
    } finally {
      client.release();
    }
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    queryMs,
    rowsRead,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}
