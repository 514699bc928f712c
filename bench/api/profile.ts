import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../lib/testing/database.ts';
import { formatTable } from '../lib/table.ts';
import { spawnApi } from './api-process.ts';
import { summariseProfile } from './cpu-profile.ts';
import { runLoad } from './load.ts';
import { apiEnv, dropKeys, login, prepareDatabase, vesselIds } from './setup.ts';

// `npx tsx bench/api/profile.ts [seconds]`: where the API's CPU goes on each read the benchmark
// measures. One API process per endpoint under `node --cpu-prof`, loaded by autocannon at 50
// connections, then the profile's top self-time entries. Prints only: bench/results is the
// benchmark's (npm run bench).
const seconds = Number(process.argv[2] ?? 8);
const db = await createTestDatabase('bench_profile');
const prefix = `${db.name}:`;
const dir = await mkdtemp(join(tmpdir(), 'api-cpu-prof-'));
try {
  await prepareDatabase(db.url);
  const ids = [...(await vesselIds(db.url)).values()];
  const endpoints = [
    ['GET /vessels?limit=50', '/api/v1/vessels?limit=50'],
    ['GET /vessels/:id', `/api/v1/vessels/${ids[Math.floor(ids.length / 2)]}`],
    ['GET /positions/latest', '/api/v1/positions/latest?limit=500'],
    ['GET /healthz', '/healthz'],
  ] as const;
  for (const [name, path] of endpoints) {
    const out = join(dir, name.replace(/\W+/g, '_'));
    const api = await spawnApi(
      process.execPath,
      { ...apiEnv(db.url, prefix), PORTTRACK_HTTP_METRICS: 'true' },
      ['--cpu-prof', `--cpu-prof-dir=${out}`],
    );
    try {
      const headers = { authorization: `Bearer ${await login(api.url)}` };
      await runLoad({ url: api.url, path, headers, connections: 50, durationS: 2 });
      const load = await runLoad({ url: api.url, path, headers, connections: 50, durationS: seconds });
      console.error(
        `\n${name}: ${load.requests} requests, ${load.rps.toFixed(0)} req/s, ${load.non_2xx} non-2xx`,
      );
    } finally {
      await api.stop();
    }
    const [file] = await readdir(out);
    if (!file) throw new Error(`no profile written for ${name}`);
    const summary = await summariseProfile(join(out, file));
    console.error(`${summary.samples} samples (start-up and warm-up included)`);
    console.error(
      formatTable(
        ['self time: function', '%'],
        summary.functions.map((f) => [f.name, f.self_pct]),
      ),
    );
    console.error(
      formatTable(
        ['self time: where', '%'],
        summary.places.map((f) => [f.name, f.self_pct]),
      ),
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
  await db.drop();
  await dropKeys(prefix);
}
