/**
 * `npm run bench -- durability`: what an unplanned promotion of the streaming standby loses.
 * Each round starts a primary and a standby of its own (stack/scripts/standby-pair.ts, ports
 * 23000-23999), puts a steady write load on the primary (4 writers, one INSERT each every
 * 20 ms, every acknowledged write logged by the client), kills the primary with SIGKILL at a
 * recorded instant and runs promote-standby.sh. Three arms per round in rotating order:
 * asynchronous replication, synchronous_standby_names set, and the A/A control (the load
 * stopped and the standby caught up before the kill: what the method reports when nothing can
 * be lost). Figures: acknowledged writes missing on the promoted standby, seconds between the
 * newest acknowledged write recovered and the instant of loss, seconds from the promote command
 * to the first commit on the new primary. Goals: async at most 5 s lost, sync 0 writes lost.
 * Runs only while the 1-minute load average is below 4 (the machine is shared).
 *
 *   npm run bench -- durability          # BENCH_ROUNDS=5, BENCH_DURABILITY_LOAD_S=10
 */
import { loadavg } from 'node:os';
import { exitForVerdicts, judge, printVerdicts } from '../lib/goals.ts';
import { environment, writeResults } from '../lib/results.ts';
import { roundsFromEnv, spread } from '../lib/rounds.ts';
import { type Mode, type RoundResult, standbyRound } from './standby-round.ts';

const maxLoad = 4;
const loadSeconds = Number(process.env.BENCH_DURABILITY_LOAD_S ?? 10);
const log = (m: string) => console.log(`[bench:durability ${new Date().toISOString().slice(11, 19)}] ${m}`);
const load = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;

if (load() >= maxLoad) {
  console.error(
    `load average ${load()} is not below ${maxLoad}: not measuring on a busy machine; try again later`,
  );
  process.exit(1);
}
const rounds = roundsFromEnv();
const modes: Mode[] = ['async', 'sync', 'control'];
const results: Record<Mode, RoundResult[]> = { async: [], sync: [], control: [] };
const loads: number[] = [load()];
for (let round = 0; round < rounds; round++) {
  const order = modes.map((_, i) => modes[(i + round) % modes.length]!);
  for (const mode of order) {
    const r = await standbyRound(mode, loadSeconds);
    results[mode].push(r);
    loads.push(load());
    log(
      `round ${round + 1}/${rounds} ${mode}: ${r.missing} of ${r.acked} acknowledged writes missing, ` +
        `${r.lostSeconds.toFixed(3)} s lost, promoted in ${r.promoteSeconds.toFixed(2)} s (load ${load()})`,
    );
  }
}

const figure = (mode: Mode, key: 'missing' | 'lostSeconds' | 'promoteSeconds' | 'acked' | 'outOfOrder') =>
  spread(results[mode].map((r) => r[key]));
const byMode = Object.fromEntries(
  modes.map((mode) => [
    mode,
    {
      acknowledged_writes: figure(mode, 'acked'),
      writes_missing: figure(mode, 'missing'),
      seconds_lost: figure(mode, 'lostSeconds'),
      writes_out_of_order: figure(mode, 'outOfOrder'),
      promote_seconds: figure(mode, 'promoteSeconds'),
    },
  ]),
);
const verdicts = judge([
  {
    name: 'async promotion: seconds of writes lost',
    unit: 's',
    figure: byMode.async!.seconds_lost,
    at_most: 5,
    noise: byMode.control!.seconds_lost,
  },
  {
    name: 'sync promotion: acknowledged writes lost',
    figure: byMode.sync!.writes_missing,
    at_most: 0,
    noise: byMode.control!.writes_missing,
  },
  { name: 'sync promotion: writes out of order', figure: byMode.sync!.writes_out_of_order, at_most: 0 },
  { name: 'async promotion: writes out of order', figure: byMode.async!.writes_out_of_order, at_most: 0 },
]);
printVerdicts(verdicts);
const file = await writeResults('durability', {
  ...environment(),
  scenario: 'standby promotion after SIGKILL of the primary',
  load: { writers: 4, pause_ms: 20, seconds: loadSeconds },
  load_average_1m_during: spread(loads),
  rounds,
  standby: byMode,
  goals: verdicts,
});
log(`wrote ${file}`);
exitForVerdicts(verdicts);
