import { createTestDatabase } from '../../lib/testing/database.ts';
import { compareWithControl, type ControlledComparison } from '../lib/control.ts';
import { exitForVerdicts, judge, printVerdicts, type Goal } from '../lib/goals.ts';
import { environment, writeResults } from '../lib/results.ts';
import { roundsFromEnv, spread, type Spread } from '../lib/rounds.ts';
import { formatTable } from '../lib/table.ts';
import { ServerSet, spawnApi, spawnBare } from './api-process.ts';
import { cpuRun } from './cpu-run.ts';
import { copyViaPsql, ingestViaApi, makeReports } from './ingest.ts';
import { runLoad } from './load.ts';
import { measureReads, type ReadFigures } from './reads.ts';
import { apiEnv, dropKeys, login, prepareDatabase, vesselIds } from './setup.ts';

// `npm run bench -- api`: the PortTrack API on a fresh PostgreSQL database, the machine's Redis
// and the demo seed, under autocannon on loopback, every figure beside a bare Express 5 handler
// measured in the same rounds. Figures go to bench/results/api.json.
const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const settings = {
  connections: 50,
  rounds: roundsFromEnv(),
  round_s: number('BENCH_ROUND_S', 3),
  warmup_s: 3,
  ingest_rows_per_round: number('BENCH_INGEST_ROWS', 20_000),
  ingest_batch: 5000,
  ingest_concurrency: 2,
};

/**
 * CPU per request as a multiple of the bare handler's, measured at the baseline commit (before the
 * speed work; docs/performance.md). The goals for `/vessels/:id` and `/positions/latest` are 60 %
 * of these.
 */
const baselineRatios: Record<string, number> = {
  'GET /vessels/:id': 5.26,
  'GET /positions/latest': 4.41,
};
const goals = {
  /** Issue 15 for the list; issue 23 (item 5) holds both vessel reads to it. */
  list_max_ratio: 3,
  by_id_and_latest_share_of_baseline: 0.6,
  healthz_max_ratio: 1.3,
  ingest_min_share_of_copy_pct: 40,
};

interface Run {
  api_node: string;
  reads: ReadFigures;
  /** API CPU per request with the metrics middleware vs without, % (A/A: two processes without). */
  metrics_overhead: Array<{ path: string } & ControlledComparison>;
  ingest: { api_rows_per_s: Spread; copy_rows_per_s: Spread; share_of_copy_pct: Spread };
}

const log = (message: string) => console.log(message);

async function benchOn(nodeBinary: string): Promise<Run> {
  const db = await createTestDatabase('bench_api');
  const prefix = `${db.name}:`;
  const servers = new ServerSet();
  try {
    // Seeded here, so no API process differs from the others by having done the seeding (an A/A
    // run showed the seeding process about 10 % slower per request).
    await prepareDatabase(db.url);
    const env = apiEnv(db.url, prefix);
    log(`starting under ${nodeBinary}: two bare handlers, the API with metrics, two without ...`);
    const bare = await servers.start(spawnBare(nodeBinary));
    const bareControl = await servers.start(spawnBare(nodeBinary));
    const api = await servers.start(spawnApi(nodeBinary, { ...env, PORTTRACK_HTTP_METRICS: 'true' }));
    const withoutMetrics = await servers.start(
      spawnApi(nodeBinary, { ...env, PORTTRACK_HTTP_METRICS: 'false' }),
    );
    const control = await servers.start(spawnApi(nodeBinary, { ...env, PORTTRACK_HTTP_METRICS: 'false' }));
    if (!api.httpMetrics || withoutMetrics.httpMetrics || control.httpMetrics)
      throw new Error('PORTTRACK_HTTP_METRICS was not honoured');
    const headers = { authorization: `Bearer ${await login(api.url)}` };
    const ids = await vesselIds(db.url);
    const someId = [...ids.values()][Math.floor(ids.size / 2)];
    const endpoints = [
      { name: 'GET /vessels?limit=50', path: '/api/v1/vessels?limit=50' },
      { name: 'GET /vessels/:id', path: `/api/v1/vessels/${someId}` },
      // The whole demo fleet (160) in one page, as the baseline measured before paging existed.
      { name: 'GET /positions/latest', path: '/api/v1/positions/latest?limit=500' },
      { name: 'GET /healthz', path: '/healthz' },
    ];

    log('warming up ...');
    for (const server of [bare, bareControl])
      await runLoad({ url: server.url, path: '/', connections: 50, durationS: settings.warmup_s });
    for (const server of [api, withoutMetrics, control])
      for (const e of endpoints)
        await runLoad({
          url: server.url,
          path: e.path,
          headers,
          connections: 50,
          durationS: settings.warmup_s,
        });

    log(
      `(a) CPU per request against the bare handler, ${settings.rounds} rounds of ${settings.round_s} s per figure ...`,
    );
    const reads = await measureReads({
      bare,
      bareControl,
      api,
      endpoints,
      headers,
      rounds: settings.rounds,
      durationS: settings.round_s,
      connections: settings.connections,
      progress: log,
    });

    log(
      '(b) metrics middleware: API CPU per request with it vs without, A/A control between two without ...',
    );
    const arms = { subject: api, baseline: withoutMetrics, control };
    const metricsOverhead = [];
    for (const path of ['/healthz', '/api/v1/vessels?limit=50']) {
      const comparison = await compareWithControl({
        rounds: settings.rounds,
        measure: async (arm) =>
          (await cpuRun(arms[arm], path, headers, settings.connections, settings.round_s)).cpu_us_per_request,
        compare: (measured, baseline) => (measured / baseline - 1) * 100,
        progress: log,
      });
      metricsOverhead.push({ path, ...comparison });
    }

    log(
      `(c) ingest: POST /positions vs psql \\copy, ${settings.ingest_rows_per_round} rows each per round ...`,
    );
    const reports = makeReports([...ids.keys()], settings.ingest_rows_per_round, new Date());
    const token = headers.authorization.slice(7);
    const apiRates: number[] = [];
    const copyRates: number[] = [];
    for (let round = 0; round < settings.rounds; round++) {
      // Alternating order, so the table's growth does not favour either side.
      const viaApi = () =>
        ingestViaApi(api.url, token, reports, settings.ingest_batch, settings.ingest_concurrency);
      const viaCopy = () => copyViaPsql(db.url, reports, ids);
      const [first, second] = round % 2 ? [viaCopy, viaApi] : [viaApi, viaCopy];
      const a = await first();
      const b = await second();
      const [apiRun, copyRun] = round % 2 ? [b, a] : [a, b];
      apiRates.push(apiRun.rows_per_s);
      copyRates.push(copyRun.rows_per_s);
      log(
        `  round ${round + 1}/${settings.rounds}: API ${apiRun.rows_per_s.toFixed(0)} rows/s, COPY ${copyRun.rows_per_s.toFixed(0)} rows/s`,
      );
    }
    return {
      api_node: api.node,
      reads,
      metrics_overhead: metricsOverhead,
      ingest: {
        api_rows_per_s: spread(apiRates),
        copy_rows_per_s: spread(copyRates),
        share_of_copy_pct: spread(apiRates.map((r, i) => (r / copyRates[i]!) * 100)),
      },
    };
  } finally {
    await servers.stopAll();
    await db.drop();
    await dropKeys(prefix);
  }
}

function goalsOf(run: Run): Goal[] {
  const ratio = (name: string) => run.reads.endpoints.find((e) => e.name === name)!.ratio_to_bare;
  const noise = run.reads.bare_control_ratio;
  const byBaseline = (name: string): Goal[] => {
    const baseline = baselineRatios[name];
    return baseline === undefined
      ? []
      : [
          {
            name: `${name} CPU/request vs bare (baseline ${baseline}x)`,
            unit: 'x',
            figure: ratio(name),
            at_most: Math.round(baseline * goals.by_id_and_latest_share_of_baseline * 100) / 100,
            noise,
          },
        ];
  };
  return [
    {
      name: 'GET /vessels?limit=50 CPU/request vs bare',
      unit: 'x',
      figure: ratio('GET /vessels?limit=50'),
      at_most: goals.list_max_ratio,
      noise,
    },
    ...byBaseline('GET /vessels/:id'),
    {
      name: 'GET /vessels/:id CPU/request vs bare (issue 23)',
      unit: 'x',
      figure: ratio('GET /vessels/:id'),
      at_most: goals.list_max_ratio,
      noise,
    },
    ...byBaseline('GET /positions/latest'),
    {
      name: 'GET /healthz CPU/request vs bare',
      unit: 'x',
      figure: ratio('GET /healthz'),
      at_most: goals.healthz_max_ratio,
      noise,
    },
    ...run.metrics_overhead.map((m) => ({
      // "Within the A/A noise": the middleware's median overhead is no larger than the largest
      // difference the control showed between two identical processes.
      name: `metrics middleware CPU overhead ${m.path} within A/A noise`,
      unit: '%',
      figure: m.effect,
      at_most: Math.round(Math.max(Math.abs(m.noise.min), Math.abs(m.noise.max)) * 10) / 10,
      noise: m.noise,
    })),
    {
      name: 'ingest: POST /positions share of COPY',
      unit: '%',
      figure: run.ingest.share_of_copy_pct,
      at_least: goals.ingest_min_share_of_copy_pct,
    },
  ];
}

function printRun(run: Run): void {
  const s = (x: Spread, digits = 0) =>
    `${x.median.toFixed(digits)} (${x.min.toFixed(digits)}-${x.max.toFixed(digits)})`;
  log(`\nAPI on Node ${run.api_node}: median (min-max) of ${settings.rounds} rounds`);
  log(
    formatTable(
      ['endpoint', 'CPU us/req', 'x bare', 'req/s', 'p99 ms'],
      [
        ['bare Express handler', s(run.reads.bare.cpu_us_per_request), '1', s(run.reads.bare.rps), '-'],
        ['A/A: second bare handler', '-', s(run.reads.bare_control_ratio, 2), '-', '-'],
        ...run.reads.endpoints.map((e) => [
          e.name,
          s(e.cpu_us_per_request),
          s(e.ratio_to_bare, 2),
          s(e.rps),
          s(e.p99_ms),
        ]),
      ],
    ),
  );
  log(
    formatTable(
      ['metrics middleware', 'CPU overhead %', 'A/A %'],
      run.metrics_overhead.map((m) => [m.path, s(m.effect, 1), s(m.noise, 1)]),
    ),
  );
}

const nodes = [process.execPath, ...(process.env.NODE24 ? [process.env.NODE24] : [])];
if (!process.env.NODE24)
  log('NODE24 unset: measuring on this Node only (set NODE24=/path/to/node24/bin/node to compare)');
const runs: Array<Run & { goals: ReturnType<typeof judge> }> = [];
for (const [i, node] of nodes.entries()) {
  log(`\n== run ${i + 1}/${nodes.length}: API under ${node}`);
  const run = await benchOn(node);
  printRun(run);
  const verdicts = judge(goalsOf(run));
  printVerdicts(verdicts, log);
  exitForVerdicts(verdicts);
  runs.push({ ...run, goals: verdicts });
}
const file = await writeResults('api', {
  ...environment(),
  settings,
  goals,
  baseline_ratios: baselineRatios,
  runs,
});
log(`\nwrote ${file}`);
