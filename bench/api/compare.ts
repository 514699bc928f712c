import { resolve } from 'node:path';
import { createTestDatabase } from '../../lib/testing/database.ts';
import { roundsFromEnv, spread, type Spread } from '../lib/rounds.ts';
import { formatTable } from '../lib/table.ts';
import { ServerSet, spawnApi, spawnBare } from './api-process.ts';
import { runLoad } from './load.ts';
import { measureReads, type Endpoint } from './reads.ts';
import { apiEnv, dropKeys, login, prepareDatabase, vesselIds } from './setup.ts';

// `npx tsx bench/api/compare.ts <other checkout> [path ...]`: the API of another checkout (the
// code before a change: `git archive <commit> | tar -x -C dir`, its node_modules linked) and this
// checkout's, on one demo-seeded database, measured in the same rounds beside the bare handler and
// its A/A twin, in an order that rotates by round, so "before" and "after" share the machine's
// state. First it fetches each path from both and says whether the answers are byte-identical.
// Prints only: bench/results is `npm run bench`'s.
const [checkout, ...extra] = process.argv.slice(2);
if (!checkout) throw new Error('usage: compare.ts <other checkout> [path ...]');
const rounds = roundsFromEnv();
const roundS = Number(process.env.BENCH_ROUND_S ?? 3);
const db = await createTestDatabase('bench_compare');
const prefix = `${db.name}:`;
const servers = new ServerSet();
try {
  await prepareDatabase(db.url);
  const ids = [...(await vesselIds(db.url)).values()];
  const paths = extra.length
    ? extra
    : ['/api/v1/vessels?limit=50', `/api/v1/vessels/${ids[Math.floor(ids.length / 2)]}`];
  const env = { ...apiEnv(db.url, prefix), PORTTRACK_HTTP_METRICS: 'true' };
  const bare = await servers.start(spawnBare(process.execPath));
  const bareControl = await servers.start(spawnBare(process.execPath));
  const before = await servers.start(spawnApi(process.execPath, env, [], resolve(checkout)));
  const after = await servers.start(spawnApi(process.execPath, env));
  const headers = { authorization: `Bearer ${await login(after.url)}` };

  for (const path of paths) {
    const [a, b] = await Promise.all([before, after].map((s) => answer(s.url, path, headers)));
    console.log(`${path}: ${a === b ? 'identical' : 'DIFFERENT'} answers (${b?.length} bytes with headers)`);
  }
  const endpoints: Endpoint[] = paths.flatMap((path) => [
    { name: `before ${path}`, path, target: before },
    { name: `after ${path}`, path, target: after },
  ]);
  for (const e of endpoints)
    await runLoad({ url: e.target!.url, path: e.path, headers, connections: 50, durationS: 3 });
  for (const s of [bare, bareControl])
    await runLoad({ url: s.url, path: '/', connections: 50, durationS: 3 });
  const reads = await measureReads({
    bare,
    bareControl,
    api: after,
    endpoints,
    headers,
    rounds,
    durationS: roundS,
    connections: 50,
    progress: console.log,
  });
  const s = (x: Spread, digits = 2) =>
    `${x.median.toFixed(digits)} (${x.min.toFixed(digits)}-${x.max.toFixed(digits)})`;
  console.log(
    formatTable(
      ['endpoint', 'CPU us/req', 'x bare'],
      [
        ['bare Express handler', s(reads.bare.cpu_us_per_request, 0), '1'],
        ['A/A: second bare handler', '-', s(reads.bare_control_ratio)],
        ...reads.endpoints.map((e) => [e.name, s(e.cpu_us_per_request, 0), s(e.ratio_to_bare)]),
      ],
    ),
  );
  // The paired figure: each round's after over before, measured one after the other (the two are
  // neighbours in the rotating order), so the machine's drift between rounds cancels out.
  const perRound = (name: string) => reads.endpoints.find((e) => e.name === name)!.cpu_us_per_request.rounds;
  for (const path of paths) {
    const [b, a] = [perRound(`before ${path}`), perRound(`after ${path}`)];
    console.log(`${path}: after / before CPU per request ${s(spread(a.map((v, i) => v / b[i]!)))}`);
  }
} finally {
  await servers.stopAll();
  await db.drop();
  await dropKeys(prefix);
}

/** Status, headers that do not vary by request (no date, no trace id) and body, as one text. */
async function answer(url: string, path: string, headers: Record<string, string>) {
  const response = await fetch(`${url}${path}`, { headers });
  const varying = new Set(['date', 'traceparent', 'x-trace-id', 'x-served-by', 'keep-alive']);
  const kept = [...response.headers].filter(([name]) => !varying.has(name));
  return `${response.status}\n${kept.map(([n, v]) => `${n}: ${v}`).join('\n')}\n\n${await response.text()}`;
}
