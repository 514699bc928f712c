import { resolve } from 'node:path';
import { buildHistory } from '../../drills/history/build.ts';
import { historyDir } from '../../drills/history/location.ts';
import { stackIntervals } from '../../drills/history/scrape-interval.ts';

// `npm run bench -- history`: the 30-day Prometheus history the size benchmark (and a backtest)
// run on, built once into PORTTRACK_HISTORY_DIR (default .data/history) and kept while the
// generator version, length and step match. It writes no figures: it is the benchmarks' fixture.
// HISTORY_DAYS (30) and HISTORY_STEP_S (the stack's scrape interval) change its size.
const days = Number(process.env.HISTORY_DAYS ?? 30);
const stepS = Number(process.env.HISTORY_STEP_S ?? stackIntervals().scrapeS);
const dir = resolve(historyDir());
console.log(`history: ${days} days at ${stepS} s into ${dir}`);
const built = await buildHistory({ dir, days, stepS, log: console.log });
console.log(
  `history: ${built.series} series, ${built.samples.toLocaleString('en-US')} samples, ` +
    `${new Date(built.start * 1000).toISOString()} to ${new Date(built.end * 1000).toISOString()}` +
    (built.reused ? ' (kept)' : ` built in ${built.buildSeconds} s`),
);
for (const i of built.incidents)
  console.log(
    `  incident ${i.name}: ${new Date(i.start * 1000).toISOString()} to ${new Date(i.end * 1000).toISOString()} (${i.alerts.join(', ')})`,
  );
