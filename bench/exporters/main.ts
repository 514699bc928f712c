/**
 * Exporter benchmark: cached collectors vs the same figures computed by SQL on each scrape, at
 * 10k, 1M and 10M position rows (with proportional port calls, events, cargo and staffing).
 * Writes bench/results/exporters.json after each size. Not part of the test suite.
 *
 *   npx tsx bench/exporters/main.ts            # all sizes (10M takes several minutes)
 *   BENCH_EXPORTERS_SIZES=10000,100000 npx tsx bench/exporters/main.ts
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createPool } from '../../lib/db/pool.ts';
import { migrate } from '../../lib/db/migrate.ts';
import { repoRoot } from '../../lib/generated.ts';
import { createTestDatabase } from '../../lib/testing/database.ts';
import { startExporter } from '../../exporters/server.ts';
import { compareWithControl } from '../lib/control.ts';
import { exitForVerdicts, type Goal, judge, printVerdicts } from '../lib/goals.ts';
import { environment, writeResults } from '../lib/results.ts';
import { percentile } from '../../lib/stats/percentile.ts';
import { round, scrapeLatencies, summary, timeEach } from './measure.ts';
import { startNaiveExporter } from './naive.ts';
import { pagesPerRefresh } from './pages.ts';
import { growHistory, type HistorySize, seedPort, tableCounts } from './seed.ts';
import { everyRefreshEvery } from '../../exporters/refresh-intervals.ts';

const sizes = (process.env.BENCH_EXPORTERS_SIZES ?? '10000,1000000,10000000').split(',').map(Number);
const output = resolve(repoRoot, process.env.BENCH_EXPORTERS_OUT ?? 'bench/results/exporters.json');
const refreshCycles = 20;
const log = (message: string) =>
  console.log(`[bench:exporters ${new Date().toISOString().slice(11, 19)}] ${message}`);

const db = await createTestDatabase('bench_exporters');
// Stopped from outside (bench/run.ts's timeout, Ctrl-C): drop the database rather than leave GBs behind.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    log(`${signal}: dropping ${db.name} and stopping`);
    void db.drop().finally(() => process.exit(1));
  });
}
const pool = createPool({ connectionString: db.url, applicationName: 'bench-exporters', max: 2 });
interface SizeResult {
  positions: number;
  rows: Record<string, number>;
  load_seconds: number;
  cached: Awaited<ReturnType<typeof measureCached>>;
  naive: Awaited<ReturnType<typeof measureNaive>>;
  buffer_pages: Awaited<ReturnType<typeof pagesPerRefresh>>;
  naive_over_cached_scrape_p99: number;
}
const results: SizeResult[] = [];
try {
  await migrate(pool, { dir: resolve(repoRoot, 'api/migrations'), table: 'schema_migrations' });
  await seedPort(pool);
  const pgVersion = (await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]
    ?.v;
  let history: HistorySize = { positions: 0, calls: 0 };
  for (const size of sizes) {
    log(`growing to ${size.toLocaleString('en')} position rows`);
    const loadStarted = performance.now();
    history = await growHistory(pool, history, size, log);
    log('VACUUM ANALYZE');
    await pool.query('VACUUM ANALYZE');
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const rows = await tableCounts(pool);
    log(`loaded in ${loadSeconds.toFixed(0)} s: ${JSON.stringify(rows)}`);

    const cached = await measureCached(db.url);
    const busy = cached.during_back_to_back_refreshes;
    log(
      `cached: refresh p50 ${cached.refresh_ms.p50} ms; during back-to-back refreshes scrape p99 / healthz p99 ` +
        `median ${round(busy.scrape_over_healthz_p99.median, 2)} (A/A ${round(busy.aa_healthz_over_healthz_p99.median, 2)})`,
    );
    const naive = await measureNaive(db.url);
    log(`naive: scrape p50 ${naive.scrape_ms.p50} ms, p99 ${naive.scrape_ms.p99} ms`);
    const pages = await pagesPerRefresh(db.url);
    log(`pages touched: refresh ${pages.steady_total}, on-scrape SQL ${pages.first_read_total}`);
    results.push({
      positions: size,
      rows,
      load_seconds: round(loadSeconds, 1),
      cached,
      naive,
      buffer_pages: pages,
      naive_over_cached_scrape_p99: round(naive.scrape_ms.p99 / cached.scrape_ms.p99, 1),
    });
    await write(pgVersion);
  }
  log(`wrote ${output}`);
  const verdicts = judge(goals());
  printVerdicts(verdicts, log);
  exitForVerdicts(verdicts);
} finally {
  await pool.end();
  if (process.env.BENCH_EXPORTERS_KEEP_DB) log(`kept database ${db.name}`);
  else await db.drop();
}

/** The real exporter: start-up recount, steady refresh cost, and scrape latency under refreshes. */
async function measureCached(url: string) {
  // Long cron intervals: the benchmark drives refreshes itself so that they can be timed alone.
  const intervals = everyRefreshEvery('1800');
  const started = performance.now();
  const exporter = await startExporter({
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    DATABASE_URL: url,
    EXPORTER_COUNTER_SETTLE_SECONDS: '0',
    ...intervals,
  });
  try {
    await exporter.refreshAll(); // joins the start-up refresh: the full recount of the counters
    const startupMs = performance.now() - started;
    await exporter.refreshAll(); // with no settle window, the watermark reaches the end here
    // Steady state: a little new activity between refreshes, as in a live port.
    const totals: number[] = [];
    const byCollector: Record<string, number[]> = {};
    const rowsBefore = await rowsScanned(exporter.url);
    for (let i = 0; i < refreshCycles; i++) {
      await pool.query(
        `INSERT INTO port_call_events (port_call_id, type, at) SELECT id, 'arrived', now() FROM port_calls ORDER BY id LIMIT 10;
         INSERT INTO cargo_progress (cargo_operation_id, quantity_delta, at)
         SELECT id, 1, now() FROM cargo_operations WHERE status = 'in_progress' ORDER BY id LIMIT 10`,
      );
      const durations = await exporter.refreshAll();
      totals.push(Object.values(durations).reduce((a, b) => a + b, 0));
      for (const [name, ms] of Object.entries(durations)) (byCollector[name] ??= []).push(ms);
    }
    const rowsPerRefresh = ((await rowsScanned(exporter.url)) - rowsBefore) / refreshCycles;
    // Scrapes with no refresh running (the usual case: a refresh takes milliseconds every 15-60 s) ...
    const idle = await scrapeLatencies(exporter.url, { count: 2000, budgetMs: 15_000, warmup: 50, min: 200 });
    // ... the floor of this machine for any HTTP round trip (a handler that does nothing) ...
    const floor = await scrapeLatencies(exporter.url, {
      count: 2000,
      budgetMs: 10_000,
      warmup: 50,
      min: 200,
      path: '/healthz',
    });
    // ... the exporter's own cost of a scrape: rendering the exposition from the cache, in-process ...
    const render = await timeEach(2000, () => exporter.metricsText());
    // ... and while refreshes run back to back (the worst case): the goal's figure. Each round
    // measures the same client's p99 on /metrics (subject) and /healthz (baseline, and again as
    // the A/A control) in rotating order; the ratio to /healthz cancels the machine's load.
    let refreshing = true;
    let backToBack = 0;
    const background = (async () => {
      while (refreshing) {
        await exporter.refreshAll();
        backToBack++;
      }
    })();
    const p99 = async (path: string) =>
      percentile(
        await scrapeLatencies(exporter.url, { count: 1000, budgetMs: 8000, warmup: 20, min: 200, path }),
        99,
      );
    const busy = await compareWithControl({
      measure: (arm) => p99(arm === 'subject' ? '/metrics' : '/healthz'),
      compare: (measured, healthz) => measured / healthz,
      progress: log,
    });
    refreshing = false;
    await background;
    return {
      startup_recount_ms: round(startupMs, 1),
      refresh_ms: summary(totals),
      rows_read_per_refresh: round(rowsPerRefresh, 1),
      refresh_ms_p50_by_collector: Object.fromEntries(
        Object.entries(byCollector).map(([name, values]) => [name, summary(values).p50]),
      ),
      scrape_ms: summary(idle),
      healthz_ms_machine_floor: summary(floor),
      render_ms: summary(render),
      response_bytes: Buffer.byteLength(await exporter.metricsText()),
      during_back_to_back_refreshes: {
        refreshes_completed: backToBack,
        scrape_p99_ms: busy.subject,
        healthz_p99_ms: busy.baseline,
        healthz_again_p99_ms: busy.control,
        scrape_over_healthz_p99: busy.effect,
        aa_healthz_over_healthz_p99: busy.noise,
      },
    };
  } finally {
    await exporter.stop();
  }
}

/** The baseline: every scrape runs the queries. */
async function measureNaive(url: string) {
  const naive = await startNaiveExporter(url);
  try {
    const latencies = await scrapeLatencies(naive.url, { count: 100, budgetMs: 30_000, warmup: 1, min: 5 });
    return {
      scrape_ms: summary(latencies),
      rows_read_per_scrape: round(naive.rowsRead.reduce((a, b) => a + b, 0) / naive.rowsRead.length, 1),
      query_ms_p50_by_collector: Object.fromEntries(
        Object.entries(naive.queryMs).map(([name, values]) => [name, summary(values).p50]),
      ),
    };
  } finally {
    await naive.stop();
  }
}

/** The goals, judged on the medians: scrapes keep pace with /healthz while refreshes run; refresh cost stays flat. */
function goals(): Goal[] {
  const first = results[0]!;
  const last = results.at(-1)!;
  return [
    ...results.map((r) => ({
      name: `scrape p99 / healthz p99 at ${r.positions.toLocaleString('en')} rows, refreshes back to back`,
      figure: r.cached.during_back_to_back_refreshes.scrape_over_healthz_p99,
      noise: r.cached.during_back_to_back_refreshes.aa_healthz_over_healthz_p99,
      at_most: 1.5,
    })),
    {
      name: `refresh cost, ${last.positions.toLocaleString('en')} over ${first.positions.toLocaleString('en')} rows (p50 of ${refreshCycles})`,
      figure: round(last.cached.refresh_ms.p50 / first.cached.refresh_ms.p50, 2),
      at_most: 2,
    },
  ];
}

async function write(pgVersion: string | undefined) {
  const first = results[0]!;
  const last = results.at(-1)!;
  const ratio = (f: (r: SizeResult) => number, digits = 2) => round(f(last) / f(first), digits);
  const report = {
    benchmark: 'exporters',
    environment: { ...environment(), postgres: pgVersion },
    description:
      'Cached collectors (node-cron refresh in a worker thread, O(1) scrape) vs the same figures by SQL on each scrape. ' +
      "Goal: while refreshes run back to back, the p99 of GET /metrics is at most 1.5x the same client's p99 of " +
      'GET /healthz (median of >= 5 rounds, 1000 requests per arm per round, arms in rotating order; A/A: /healthz ' +
      'measured twice the same way). ' +
      'refresh_ms: sum of all six collectors, one after another, steady state (10 new events and 10 progress ' +
      'rows between refreshes). scrape_ms: GET /metrics latency seen by a scraper in a worker thread; for the ' +
      'cached exporter also measured while refreshes run back to back; healthz_ms_machine_floor: the same ' +
      'client on /healthz (a handler that does nothing), the floor of this shared machine; render_ms: the ' +
      'exporter rendering /metrics from its cache in-process, without HTTP. rows_read: rows the queries ' +
      'aggregated (porttrack_exporter_rows_scanned_total). buffer_pages: shared buffer pages the queries touch ' +
      '(auto_explain BUFFERS), independent of machine load: steady = a cached refresh, first_read = the ' +
      'same queries from scratch, i.e. what on-scrape SQL does every scrape.',
    goals: judge(goals()),
    ratios: {
      refresh_cost_p50_largest_over_smallest: ratio((r) => r.cached.refresh_ms.p50),
      refresh_cost_min_largest_over_smallest: ratio((r) => r.cached.refresh_ms.min),
      refresh_rows_read_largest_over_smallest: ratio((r) => r.cached.rows_read_per_refresh),
      refresh_buffer_pages_largest_over_smallest: ratio((r) => r.buffer_pages.steady_total),
      naive_buffer_pages_largest_over_smallest: ratio((r) => r.buffer_pages.first_read_total, 1),
      naive_cost_p50_largest_over_smallest: ratio((r) => r.naive.scrape_ms.p50, 1),
      naive_rows_read_largest_over_smallest: ratio((r) => r.naive.rows_read_per_scrape, 1),
    },
    sizes: results,
  };
  if (process.env.BENCH_EXPORTERS_OUT) await writeFile(output, `${JSON.stringify(report, null, 2)}\n`);
  else await writeResults('exporters', report);
}

/** Sum of porttrack_exporter_rows_scanned_total over collectors, from a scrape. */
async function rowsScanned(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('porttrack_exporter_rows_scanned_total{'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}
