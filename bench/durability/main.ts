import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { exitForVerdicts, judge, printVerdicts, type Verdict } from '../lib/goals.ts';
import { environment, resultsDir, writeResults } from '../lib/results.ts';
import { roundsFromEnv } from '../lib/rounds.ts';
import { archiveGoals, measureArchiveRecovery } from './archive-part.ts';
import { measureStandbyPromotion, standbyGoals } from './standby-promotion.ts';

// `npm run bench -- durability`: what losing the database costs. Two parts: recovery from the
// pgBackRest archive after a lost disk (archive-part.ts) and an unplanned promotion of the
// streaming standby (standby-promotion.ts). BENCH_DURABILITY_PARTS=archive or =standby runs one
// and keeps the other's last figures from bench/results/durability.json, each part with the date
// and load it was measured at. Runs only while the 1-minute load average is below 4.
// BENCH_DURABILITY_MAX_LOAD moves that bar for a run on a machine someone else keeps busy; the
// results record the bar and the load either way.
//   npm run bench -- durability   # BENCH_ROUNDS (5), BENCH_DURABILITY_LOAD_S (10), BENCH_DURABILITY_PARTS,
//                                 # BENCH_DURABILITY_SIM_S (300), BENCH_DURABILITY_MAX_LOAD (4)
const maxLoad = Number(process.env.BENCH_DURABILITY_MAX_LOAD ?? 4);
const rounds = roundsFromEnv();
const loadSeconds = Number(process.env.BENCH_DURABILITY_LOAD_S ?? 10);
const simulatedSeconds = Number(process.env.BENCH_DURABILITY_SIM_S ?? 300);
const known = ['archive', 'standby'] as const;
type Part = (typeof known)[number];
const parts = (process.env.BENCH_DURABILITY_PARTS ?? known.join(',')).split(',').map((p) => p.trim());
const unknown = parts.filter((p) => !known.includes(p as Part));
if (unknown.length) {
  console.error(`durability: unknown part(s) ${unknown.join(', ')}; the parts are ${known.join(', ')}`);
  process.exit(2);
}
const log = (line: string) => console.log(line);
const loadNow = loadavg()[0]!;
if (loadNow >= maxLoad) {
  console.error(
    `durability: load average ${loadNow.toFixed(2)} is not below ${maxLoad}: not measuring on a busy machine`,
  );
  process.exit(1);
}

interface PartResult {
  measured: ReturnType<typeof environment>;
  /** The environment again when the part ended: the load it ran under. */
  ended?: ReturnType<typeof environment>;
  max_load?: number;
  figures: unknown;
  goals: Verdict[];
}
const file = join(resultsDir, 'durability.json');
const previous = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as Partial<
  Record<Part, PartResult>
>;
const measure = async (part: Part): Promise<PartResult | undefined> => {
  if (!parts.includes(part)) return previous[part];
  const started = environment();
  const { figures, goals } =
    part === 'archive'
      ? await measureArchiveRecovery(rounds, log, simulatedSeconds)
      : await measureStandbyPromotion(rounds, loadSeconds, log);
  const verdicts = judge(goals);
  printVerdicts(verdicts);
  return { measured: started, ended: environment(), max_load: maxLoad, figures, goals: verdicts };
};
const archive = await measure('archive');
const standby = await measure('standby');
await writeResults('durability', {
  settings: { rounds, goals: { archive: archiveGoals, standby: standbyGoals } },
  archive,
  standby,
});
exitForVerdicts(parts.flatMap((p) => (p === 'archive' ? archive : standby)?.goals ?? []));
