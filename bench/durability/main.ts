import { loadavg } from 'node:os';
import { exitForVerdicts, judge, printVerdicts } from '../lib/goals.ts';
import { environment, writeResults } from '../lib/results.ts';
import { roundsFromEnv } from '../lib/rounds.ts';
import { measureStandbyPromotion, standbyGoals } from './standby-promotion.ts';

// `npm run bench -- durability`: what an unplanned promotion of the streaming standby loses.
// Each round starts a primary and a standby of its own (stack/scripts/standby-pair.ts, ports
// 23000-23999; the standby made by standby-setup.sh), puts a steady write load on the primary (one
// client, one INSERT every 5 ms, every acknowledged write logged), kills the primary with SIGKILL
// at a recorded instant and runs promote-standby.sh; then the acknowledged writes missing on the
// promoted standby, the seconds between the last one recovered and the instant of loss, and the
// time to the first commit on the new primary. Runs only while the 1-minute load average is
// below 4 (the machine is shared). Figures go to bench/results/durability.json.
//   npm run bench -- durability       # BENCH_ROUNDS (5), BENCH_DURABILITY_LOAD_S (10)
const maxLoad = 4;
const rounds = roundsFromEnv();
const loadSeconds = Number(process.env.BENCH_DURABILITY_LOAD_S ?? 10);
const log = (line: string) => console.log(line);
const loadNow = loadavg()[0]!;
if (loadNow >= maxLoad) {
  console.error(
    `durability: load average ${loadNow.toFixed(2)} is not below ${maxLoad}: not measuring on a busy machine`,
  );
  process.exit(1);
}

log(
  `durability: standby promotion, ${rounds} rounds of ${loadSeconds} s load (load average ${loadNow.toFixed(2)})`,
);
const standby = await measureStandbyPromotion(rounds, loadSeconds, log);
const verdicts = judge(standby.goals);
printVerdicts(verdicts);
await writeResults('durability', {
  ...environment(),
  settings: { rounds, goals: { standby: standbyGoals } },
  standby: standby.figures,
  goals: verdicts,
});
exitForVerdicts(verdicts);
