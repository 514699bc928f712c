import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { seedDemoPort } from '../../api/seed/demo-port.ts';
import { migrationsDir } from '../../api/server.ts';
import { migrate } from '../../lib/db/migrate.ts';
import { createPool } from '../../lib/db/pool.ts';
import { createTestDatabase } from '../../lib/testing/database.ts';
import { environment, writeResults } from '../lib/results.ts';
import { formatTable } from '../lib/table.ts';
import { spawnApi, type ApiProcess } from './api-process.ts';
import { copyViaPsql, ingestViaApi, makeReports, type IngestRun } from './ingest.ts';
import { runLoad, type LoadResult } from './load.ts';
import { measureOverhead, type Overhead } from './overhead.ts';

// `npm run bench -- api`: the PortTrack API on a fresh PostgreSQL database, the machine's Redis
// and the demo seed, under autocannon on loopback. Figures go to bench/results/api.json.
const seconds = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const settings = {
  connections: 50,
  overhead_rounds: seconds('BENCH_OVERHEAD_ROUNDS', 6),
  overhead_round_s: seconds('BENCH_OVERHEAD_ROUND_S', 3),
  endpoint_s: seconds('BENCH_ENDPOINT_S', 10),
  warmup_s: 3,
  ingest_rows: seconds('BENCH_INGEST_ROWS', 100_000),
  ingest_batch: 5000,
  ingest_concurrency: 2,
};
const goals = { metrics_overhead_max_loss_pct: 5, ingest_min_share_of_copy_pct: 40 };
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const password = randomBytes(12).toString('hex');
const tokenSecret = randomBytes(32).toString('hex');

interface Run {
  api_node: string;
  metrics_overhead: Overhead[];
  /** A/A control: two processes both without metrics, measured like the overhead. */
  noise_floor: Overhead;
  endpoints: LoadResult[];
  ingest: {
    rows: number;
    batch: number;
    concurrency: number;
    api: IngestRun;
    copy: IngestRun;
    share_of_copy_pct: number;
  };
}

const log = (message: string) => console.log(message);

async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'operator@porttrack.local', password }),
  });
  if (!response.ok) throw new Error(`login answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

async function prepareDatabase(url: string): Promise<void> {
  const pool = createPool({ connectionString: url, applicationName: 'bench-api' });
  try {
    await migrate(pool, { dir: migrationsDir, table: 'schema_migrations' });
    const seeded = await seedDemoPort(pool);
    log(
      `demo port seeded: ${seeded.vessels} vessels, ${seeded.portCalls} port calls, ${seeded.positions} positions`,
    );
  } finally {
    await pool.end();
  }
}

async function benchOn(nodeBinary: string): Promise<Run> {
  const db = await createTestDatabase('bench_api');
  const prefix = `${db.name}:`;
  const apis: ApiProcess[] = [];
  try {
    const env = {
      NODE_ENV: 'development',
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      PORTTRACK_DEMO_PASSWORD: password,
      PORTTRACK_TOKEN_SECRET: tokenSecret,
      // Rate limits would turn a load test into a 429 test.
      PORTTRACK_RATE_LIMIT_PER_MINUTE: '0',
      PORTTRACK_LOGIN_RATE_LIMIT_PER_MINUTE: '0',
    };
    // Seeded here, so no API process differs from the others by having done the seeding (an A/A
    // run showed the seeding process about 10 % slower per request).
    await prepareDatabase(db.url);
    log(`starting the API under ${nodeBinary}: without metrics, with metrics, and a control without ...`);
    const withoutMetrics = await spawnApi(nodeBinary, { ...env, PORTTRACK_HTTP_METRICS: 'false' });
    apis.push(withoutMetrics);
    const withMetrics = await spawnApi(nodeBinary, { ...env, PORTTRACK_HTTP_METRICS: 'true' });
    apis.push(withMetrics);
    const control = await spawnApi(nodeBinary, { ...env, PORTTRACK_HTTP_METRICS: 'false' });
    apis.push(control);
    if (!withMetrics.httpMetrics || withoutMetrics.httpMetrics || control.httpMetrics)
      throw new Error('PORTTRACK_HTTP_METRICS was not honoured');
    log(
      `API on Node ${withMetrics.node}: ${withMetrics.url} (metrics), ${withoutMetrics.url} and ${control.url} (no metrics)`,
    );
    const headers = { authorization: `Bearer ${await login(withMetrics.url)}` };

    const paths = ['/api/v1/vessels?limit=50', '/api/v1/positions/latest', '/healthz'];
    log('warming up ...');
    for (const api of apis)
      for (const path of paths)
        await runLoad({
          url: api.url,
          path,
          headers,
          connections: settings.connections,
          durationS: settings.warmup_s,
        });

    log('(a) metrics middleware overhead, interleaved rounds ...');
    const compare = (a: ApiProcess, b: ApiProcess, path: string) =>
      measureOverhead({
        with: a,
        without: b,
        path,
        headers,
        rounds: settings.overhead_rounds,
        durationS: settings.overhead_round_s,
        connections: settings.connections,
        progress: log,
      });
    const overhead: Overhead[] = [];
    for (const path of ['/api/v1/vessels?limit=50', '/healthz'])
      overhead.push(await compare(withMetrics, withoutMetrics, path));
    log('    control: the same comparison between two processes without metrics (the noise floor) ...');
    const noiseFloor = await compare(control, withoutMetrics, '/healthz');

    log(`(b) reads at ${settings.connections} connections ...`);
    const endpoints: LoadResult[] = [];
    for (const path of ['/api/v1/vessels?limit=50', '/api/v1/positions/latest']) {
      const result = await runLoad({
        url: withMetrics.url,
        path,
        headers,
        connections: settings.connections,
        durationS: settings.endpoint_s,
      });
      if (result.non_2xx || result.errors)
        throw new Error(`${path}: ${result.non_2xx} non-2xx answers, ${result.errors} errors`);
      log(`  ${path}: ${result.rps.toFixed(0)} req/s, p99 ${result.p99_ms} ms`);
      endpoints.push(result);
    }

    log(`(c) ingest of ${settings.ingest_rows} positions: POST /positions vs psql \\copy ...`);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    let vesselIds: Map<string, number>;
    try {
      const { rows } = await client.query<{ id: string; mmsi: string }>(
        'SELECT id, mmsi FROM vessels ORDER BY id',
      );
      vesselIds = new Map(rows.map((r) => [r.mmsi, Number(r.id)]));
    } finally {
      await client.end();
    }
    const reports = makeReports([...vesselIds.keys()], settings.ingest_rows, new Date());
    // Two rounds in opposite order, so the table's growth does not favour either side.
    const api1 = await ingestViaApi(
      withMetrics.url,
      headers.authorization.slice(7),
      reports,
      settings.ingest_batch,
      settings.ingest_concurrency,
    );
    const copy1 = await copyViaPsql(db.url, reports, vesselIds);
    const copy2 = await copyViaPsql(db.url, reports, vesselIds);
    const api2 = await ingestViaApi(
      withMetrics.url,
      headers.authorization.slice(7),
      reports,
      settings.ingest_batch,
      settings.ingest_concurrency,
    );
    const total = (a: IngestRun, b: IngestRun): IngestRun => ({
      rows: a.rows + b.rows,
      seconds: a.seconds + b.seconds,
      rows_per_s: (a.rows + b.rows) / (a.seconds + b.seconds),
    });
    const apiIngest = total(api1, api2);
    const copyIngest = total(copy1, copy2);
    log(`  API ${apiIngest.rows_per_s.toFixed(0)} rows/s, COPY ${copyIngest.rows_per_s.toFixed(0)} rows/s`);
    return {
      api_node: withMetrics.node,
      metrics_overhead: overhead,
      noise_floor: noiseFloor,
      endpoints,
      ingest: {
        rows: settings.ingest_rows,
        batch: settings.ingest_batch,
        concurrency: settings.ingest_concurrency,
        api: apiIngest,
        copy: copyIngest,
        share_of_copy_pct: (apiIngest.rows_per_s / copyIngest.rows_per_s) * 100,
      },
    };
  } finally {
    for (const api of apis) await api.stop();
    await db.drop();
    await dropKeys(prefix);
  }
}

/** Removes what the APIs left in Redis under this run's key prefix. */
async function dropKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function printRun(run: Run): void {
  const yes = (ok: boolean) => (ok ? 'yes' : 'NO');
  log(`\nAPI on Node ${run.api_node}`);
  log(
    formatTable(
      [
        'metrics overhead',
        'with req/s',
        'without req/s',
        'loss %',
        'median round loss %',
        'API CPU us/req with',
        'without',
        'CPU overhead %',
      ],
      [...run.metrics_overhead, { ...run.noise_floor, path: `control (A/A) ${run.noise_floor.path}` }].map(
        (o) => [
          o.path,
          o.with_rps,
          o.without_rps,
          o.loss_pct,
          o.median_round_loss_pct,
          o.with_cpu_us_per_request,
          o.without_cpu_us_per_request,
          o.cpu_overhead_pct,
        ],
      ),
    ),
  );
  log(
    `goal: at most ${goals.metrics_overhead_max_loss_pct}% throughput loss; ` +
      run.metrics_overhead
        .map((o) => `${o.path} ${yes(o.cpu_overhead_pct <= goals.metrics_overhead_max_loss_pct)}`)
        .join(', ') +
      ` (judged on the CPU overhead; the A/A control shows ${run.noise_floor.cpu_overhead_pct.toFixed(1)}% between two identical processes)`,
  );
  log('');
  log(
    formatTable(
      ['endpoint', 'connections', 'req/s', 'p50 ms', 'p99 ms'],
      run.endpoints.map((e) => [`GET ${e.path}`, e.connections, e.rps, e.p50_ms, e.p99_ms]),
    ),
  );
  log('');
  log(
    formatTable(
      ['ingest', 'rows', 'seconds', 'rows/s', `% of COPY (goal >= ${goals.ingest_min_share_of_copy_pct}%)`],
      [
        [
          `POST /positions (${run.ingest.batch}/batch, ${run.ingest.concurrency} in flight)`,
          run.ingest.api.rows,
          run.ingest.api.seconds,
          run.ingest.api.rows_per_s,
          `${run.ingest.share_of_copy_pct.toFixed(1)} ${yes(run.ingest.share_of_copy_pct >= goals.ingest_min_share_of_copy_pct)}`,
        ],
        ['psql \\copy', run.ingest.copy.rows, run.ingest.copy.seconds, run.ingest.copy.rows_per_s, '100'],
      ],
    ),
  );
}

const nodes = [process.execPath, ...(process.env.NODE24 ? [process.env.NODE24] : [])];
if (!process.env.NODE24)
  log('NODE24 unset: measuring on this Node only (set NODE24=/path/to/node24/bin/node to compare)');
const runs: Run[] = [];
for (const [i, node] of nodes.entries()) {
  log(`\n== run ${i + 1}/${nodes.length}: API under ${node}`);
  const run = await benchOn(node);
  printRun(run);
  runs.push(run);
}
const file = await writeResults('api', { ...environment(), settings, goals, runs });
log(`\nwrote ${file}`);
