import { resolve } from 'node:path';
import { buildHistory, readManifest } from '../../drills/history/build.ts';
import { buildHistoryDatabase, readDatabaseManifest } from '../../drills/history/database/load.ts';
import { historyDatabaseUrl } from '../../drills/history/database/location.ts';
import { historyDir } from '../../drills/history/location.ts';
import { stackIntervals } from '../../drills/history/scrape-interval.ts';

// `npm run bench -- history`: the 30-day history the size benchmark, the at-size API reads (and a
// backtest) run on, built once and kept while current: the Prometheus blocks into
// PORTTRACK_HISTORY_DIR (default .data/history), the PostgreSQL database into
// PORTTRACK_HISTORY_DATABASE_URL (default porttrack_history on 127.0.0.1:5432). It writes no
// figures: it is the benchmarks' fixture. HISTORY_DAYS (30) and HISTORY_STEP_S (the stack's scrape
// interval) change its size; HISTORY_PARTS (prometheus,database) picks what is built.
const days = Number(process.env.HISTORY_DAYS ?? 30);
const stepS = Number(process.env.HISTORY_STEP_S ?? stackIntervals().scrapeS);
const parts = (process.env.HISTORY_PARTS ?? 'prometheus,database').split(',');
const dir = resolve(historyDir());
const iso = (s: number) => new Date(s * 1000).toISOString();

if (parts.includes('prometheus')) {
  console.log(`history: ${days} days at ${stepS} s into ${dir}`);
  const built = await buildHistory({ dir, days, stepS, log: console.log });
  console.log(
    `history: ${built.series} series, ${built.samples.toLocaleString('en-US')} samples, ` +
      `${iso(built.start)} to ${iso(built.end)}` +
      (built.reused ? ' (kept)' : ` built in ${built.buildSeconds} s`),
  );
  for (const i of built.incidents)
    console.log(`  incident ${i.name}: ${iso(i.start)} to ${iso(i.end)} (${i.alerts.join(', ')})`);
}

if (parts.includes('database')) {
  const url = historyDatabaseUrl();
  // The database ends where the Prometheus history ends, so the two sides tell one story; without
  // one, where the database already ends, else at the current hour's start (as the blocks would).
  const blocks = await readManifest(dir);
  const kept = await readDatabaseManifest(url);
  const end =
    blocks?.days === days
      ? blocks.end
      : kept?.days === days
        ? kept.end
        : Math.floor(Date.now() / 1000 / 3600) * 3600;
  console.log(`history database: ${days} days to ${iso(end)} into ${url.replace(/\/\/[^@]*@/, '//')}`);
  const db = await buildHistoryDatabase({ url, days, end, log: console.log });
  console.log(
    `history database: ${Object.entries(db.rows)
      .map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`)
      .join(', ')}` +
      (db.reused
        ? ' (kept)'
        : `; built in ${db.seconds.total} s (port ${db.seconds.port} s, positions ${db.seconds.positions} s, ` +
          `VACUUM ANALYZE ${db.seconds.vacuumAnalyze} s), load average ${db.loadAverage.start} -> ${db.loadAverage.end}`),
  );
  for (const i of db.incidents) console.log(`  incident ${i.name}: ${iso(i.start)} to ${iso(i.end)}`);
}
