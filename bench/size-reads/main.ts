import { readDatabaseManifest } from '../../drills/history/database/load.ts';
import { historyDatabaseUrl } from '../../drills/history/database/location.ts';
import { createTestDatabase } from '../../lib/testing/database.ts';
import { ServerSet, spawnApi, spawnBare } from '../api/api-process.ts';
import { runLoad } from '../api/load.ts';
import { measureReads } from '../api/reads.ts';
import { apiEnv, dropKeys, login, prepareDatabase, vesselIds } from '../api/setup.ts';
import { exitForVerdicts, judge, printVerdicts, type Goal } from '../lib/goals.ts';
import { environment, writeResults } from '../lib/results.ts';
import { roundsFromEnv, spread, type Spread } from '../lib/rounds.ts';
import { formatTable } from '../lib/table.ts';
import { explainReads, type ExplainedQuery } from './explain.ts';

// `npm run bench -- size-reads` (after `npm run bench -- history`): the API's two list/detail
// reads on the 30-day history database (PORTTRACK_HISTORY_DATABASE_URL) against the same reads on
// a fresh demo port, both APIs and a bare Express handler measured in the same rounds
// (bench/api's measureReads); then EXPLAIN ANALYZE of the API's reads and of every exporter
// collector's queries on both databases. Figures go to bench/results/size-reads.json.
const settings = {
  connections: 50,
  rounds: roundsFromEnv(),
  round_s: Number(process.env.BENCH_ROUND_S ?? 3),
  warmup_s: 3,
};
/** Goals: issue 23's ratios to the bare handler, and no growth with history (within 10 %). */
const goals = { list_max_ratio: 3, by_id_max_ratio: 3.16, max_growth: 1.1 };
const log = (line: string) => console.log(line);

const historyUrl = historyDatabaseUrl();
const manifest = await readDatabaseManifest(historyUrl);
if (!manifest) {
  console.error(
    `no history database at ${historyUrl.replace(/\/\/[^@]*@/, '//')}: build it first with ` +
      '`HISTORY_PARTS=database npm run bench -- history` (same PORTTRACK_HISTORY_DATABASE_URL)',
  );
  process.exit(1);
}
log(
  `history database: ${manifest.days} days to ${new Date(manifest.end * 1000).toISOString()}, ` +
    Object.entries(manifest.rows)
      .map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`)
      .join(', '),
);

const demo = await createTestDatabase('bench_api_history');
const prefix = `${demo.name}:`;
const servers = new ServerSet();
try {
  await prepareDatabase(demo.url);
  const bare = await servers.start(spawnBare(process.execPath));
  const bareControl = await servers.start(spawnBare(process.execPath));
  const onDemo = await servers.start(spawnApi(process.execPath, apiEnv(demo.url, `${prefix}demo:`)));
  // Retention longer than the history, so the API's partition job keeps every day of it.
  const onHistory = await servers.start(
    spawnApi(process.execPath, {
      ...apiEnv(historyUrl, `${prefix}history:`),
      PORTTRACK_POSITION_RETENTION_DAYS: String(manifest.days + 10),
    }),
  );
  // Both APIs create the demo accounts in the same order with the same secret: one token serves both.
  const headers = { authorization: `Bearer ${await login(onDemo.url)}` };
  const middle = async (url: string) => {
    const ids = [...(await vesselIds(url)).values()];
    return ids[Math.floor(ids.length / 2)] as number;
  };
  const demoId = await middle(demo.url);
  const historyId = await middle(historyUrl);
  const endpoints = [
    { name: 'demo GET /vessels?limit=50', path: '/api/v1/vessels?limit=50', target: onDemo },
    { name: '30-day GET /vessels?limit=50', path: '/api/v1/vessels?limit=50', target: onHistory },
    { name: 'demo GET /vessels/:id', path: `/api/v1/vessels/${demoId}`, target: onDemo },
    { name: '30-day GET /vessels/:id', path: `/api/v1/vessels/${historyId}`, target: onHistory },
  ];
  for (const e of endpoints) {
    const response = await fetch(`${e.target.url}${e.path}`, { headers });
    if (!response.ok) throw new Error(`${e.name} answered ${response.status}: ${await response.text()}`);
  }

  log('warming up ...');
  for (const server of [bare, bareControl])
    await runLoad({ url: server.url, path: '/', connections: 50, durationS: settings.warmup_s });
  for (const e of endpoints)
    await runLoad({
      url: e.target.url,
      path: e.path,
      headers,
      connections: 50,
      durationS: settings.warmup_s,
    });

  log(
    `CPU per request against the bare handler, ${settings.rounds} rounds of ${settings.round_s} s per figure ...`,
  );
  const loadBefore = environment().load_average;
  const reads = await measureReads({
    bare,
    bareControl,
    api: onDemo,
    endpoints,
    headers,
    rounds: settings.rounds,
    durationS: settings.round_s,
    connections: settings.connections,
    progress: log,
  });
  const loadAfter = environment().load_average;
  const figure = (name: string) => reads.endpoints.find((e) => e.name === name)!;
  /** 30-day CPU per request over the demo port's, per round (both measured in the same round). */
  const growth = (read: string): Spread => {
    const demoRounds = figure(`demo ${read}`).cpu_us_per_request.rounds;
    return spread(figure(`30-day ${read}`).cpu_us_per_request.rounds.map((v, i) => v / demoRounds[i]!));
  };
  const growthOf = { list: growth('GET /vessels?limit=50'), byId: growth('GET /vessels/:id') };

  log('EXPLAIN ANALYZE of the API reads and the exporters queries, 30-day history and demo port ...');
  const plans = {
    history: await explainReads(historyUrl, historyId),
    demo: await explainReads(demo.url, demoId),
  };

  const s = (x: Spread, digits = 0) =>
    `${x.median.toFixed(digits)} (${x.min.toFixed(digits)}-${x.max.toFixed(digits)})`;
  log(
    `\nmedian (min-max) of ${settings.rounds} rounds; load average ${loadBefore.join(' ')} -> ${loadAfter.join(' ')}`,
  );
  log(
    formatTable(
      ['endpoint', 'CPU us/req', 'x bare', 'req/s', 'p99 ms'],
      [
        ['bare Express handler', s(reads.bare.cpu_us_per_request), '1', s(reads.bare.rps), '-'],
        ['A/A: second bare handler', '-', s(reads.bare_control_ratio, 2), '-', '-'],
        ...reads.endpoints.map((e) => [
          e.name,
          s(e.cpu_us_per_request),
          s(e.ratio_to_bare, 2),
          s(e.rps),
          s(e.p99_ms),
        ]),
      ],
    ),
  );
  log(`30-day / demo CPU per request: list ${s(growthOf.list, 2)}, by id ${s(growthOf.byId, 2)}`);
  const planRows = (side: string, list: ExplainedQuery[]) =>
    list.map((q) => [side, q.name, q.execution_ms.toFixed(2), q.seq_scans.join(' ') || '-']);
  log(
    formatTable(
      ['database', 'query', 'execution ms', 'seq scans'],
      [...planRows('30-day', plans.history), ...planRows('demo', plans.demo)],
    ),
  );

  const noise = reads.bare_control_ratio;
  const goalList: Goal[] = [
    {
      name: '30-day GET /vessels?limit=50 CPU/request vs bare',
      unit: 'x',
      figure: figure('30-day GET /vessels?limit=50').ratio_to_bare,
      at_most: goals.list_max_ratio,
      noise,
    },
    {
      name: '30-day GET /vessels/:id CPU/request vs bare',
      unit: 'x',
      figure: figure('30-day GET /vessels/:id').ratio_to_bare,
      at_most: goals.by_id_max_ratio,
      noise,
    },
    {
      name: 'GET /vessels?limit=50 30-day vs demo port',
      unit: 'x',
      figure: growthOf.list,
      at_most: goals.max_growth,
      noise,
    },
    {
      name: 'GET /vessels/:id 30-day vs demo port',
      unit: 'x',
      figure: growthOf.byId,
      at_most: goals.max_growth,
      noise,
    },
  ];
  const verdicts = judge(goalList);
  printVerdicts(verdicts, log);
  const file = await writeResults('size-reads', {
    ...environment(),
    load_average_during: { before: loadBefore, after: loadAfter },
    settings,
    goals,
    history: { url_database: new URL(historyUrl).pathname.slice(1), ...manifest, incidents: undefined },
    reads,
    growth: growthOf,
    plans,
    verdicts,
  });
  log(`\nwrote ${file}`);
  exitForVerdicts(verdicts);
} finally {
  await servers.stopAll();
  await demo.drop();
  await dropKeys(prefix);
}
