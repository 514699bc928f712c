import pg from 'pg';
import { createCollectors } from '../../exporters/collectors.ts';
import { loadExporterConfig } from '../../exporters/config.ts';

interface ExplainedPlan {
  Plan?: { 'Shared Hit Blocks'?: number; 'Shared Read Blocks'?: number };
}

/**
 * Buffer pages each collector's queries touch (shared hit + read, from auto_explain with
 * BUFFERS), which unlike milliseconds does not depend on what else the machine is doing.
 * `first` is a fresh collector's first refresh: the full recount, i.e. what on-scrape SQL costs
 * every time; `steady` is the third refresh of the same collector, the cached exporter's cost.
 * Needs a superuser connection (LOAD 'auto_explain'); the benchmark has one.
 */
export async function pagesPerRefresh(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-exporters-pages' });
  await client.connect();
  try {
    await client.query(`LOAD 'auto_explain'`);
    await client.query(`SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on;
      SET auto_explain.log_buffers = on; SET auto_explain.log_timing = off; SET auto_explain.log_format = json;
      SET client_min_messages = log`);
    let pages = 0;
    client.on('notice', (notice) => {
      const json = notice.message?.slice(notice.message.indexOf('{'));
      if (!json || !notice.message?.includes('plan:')) return;
      const plan = (JSON.parse(json) as ExplainedPlan).Plan;
      pages += (plan?.['Shared Hit Blocks'] ?? 0) + (plan?.['Shared Read Blocks'] ?? 0);
    });
    const config = loadExporterConfig({ DATABASE_URL: databaseUrl, EXPORTER_COUNTER_SETTLE_SECONDS: '0' });
    const first: Record<string, number> = {};
    const steady: Record<string, number> = {};
    for (const collector of createCollectors(config)) {
      for (let i = 0; i < 3; i++) {
        pages = 0;
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        await collector.refresh(client as unknown as pg.PoolClient);
        // Parameterised statements end (and are explained) when their portal closes, at COMMIT.
        await client.query('COMMIT');
        if (i === 0) first[collector.name] = pages;
        if (i === 2) steady[collector.name] = pages;
      }
    }
    const total = (byCollector: Record<string, number>) =>
      Object.values(byCollector).reduce((a, b) => a + b, 0);
    return {
      steady_total: total(steady),
      steady_by_collector: steady,
      first_read_total: total(first),
      first_read_by_collector: first,
    };
  } finally {
    await client.end();
  }
}
