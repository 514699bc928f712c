import { startArchivingCluster } from '../../stack/scripts/archiving-cluster.ts';
import { scheduledRound, todayWeekday } from '../../stack/scripts/backup-round.ts';
import { exitForVerdicts, judge, printVerdicts } from '../lib/goals.ts';
import { environment, writeResults } from '../lib/results.ts';
import { roundsFromEnv, spread } from '../lib/rounds.ts';
import { formatTable } from '../lib/table.ts';
import { type ArchiveRound, archiveBytes, loseAndRecover, prepareWrites } from './archive-recovery.ts';

// `npm run bench -- durability`: how much a lost disk costs when the database is recovered from
// the pgBackRest archive. A PostgreSQL of the bench's own (Debian's server, the stack's archiving
// settings, archive_timeout 60 s, two encrypted repositories; stack/scripts/archiving-cluster.ts)
// takes the schedule's full backup; then, round after round, steady acknowledged writes for a
// span that varies with the round (so the loss falls anywhere in archive_timeout's minute), the
// disk lost, `restore.sh --to latest`, and the loss judged. Each round has its control: the same
// with the last segment archived before the loss, where the method must report nothing lost.
// Figures go to bench/results/durability.json.
const rounds = roundsFromEnv();
const goals = { lostSecondsAtMost: 60, recoverySecondsAtMost: 300 };
const log = (line: string) => console.log(line);
/** Spans of steady writes: longer than archive_timeout, spread over its minute. */
const writeSeconds = (round: number) => 65 + ((round * 23) % 60);

const cluster = await startArchivingCluster();
const measured: ArchiveRound[] = [];
const controls: ArchiveRound[] = [];
let archiveGrowth = { bytes: 0, seconds: 0 };
try {
  await cluster.start();
  await prepareWrites(cluster);
  const full = await scheduledRound(cluster, todayWeekday());
  if (full.code !== 0) throw new Error(`the schedule's full backup failed: ${full.stderr}`);
  log(`durability: own cluster on 127.0.0.1:${cluster.port}, full backup taken; ${rounds} rounds`);
  const bytesBefore = await archiveBytes(cluster, 'repo1');
  const archivingStarted = performance.now();
  for (let round = 0; round < rounds; round++) {
    const repo = round % 2 ? '2' : '1';
    const lost = await loseAndRecover(cluster, { writeSeconds: writeSeconds(round), repo });
    measured.push(lost);
    const control = await loseAndRecover(cluster, { writeSeconds: 10, repo, control: true });
    controls.push(control);
    log(
      `  round ${round + 1}/${rounds} (repo${repo}): ${lost.missing} of ${lost.acknowledged} writes lost, ` +
        `${lost.lostSeconds.toFixed(1)} s; recovered in ${lost.recoverySeconds.toFixed(1)} s; ` +
        `control: ${control.missing} lost, ${control.lostSeconds.toFixed(1)} s`,
    );
  }
  archiveGrowth = {
    bytes: (await archiveBytes(cluster, 'repo1')) - bytesBefore,
    seconds: (performance.now() - archivingStarted) / 1000,
  };
} finally {
  await cluster.dispose();
}

const figure = (rows: ArchiveRound[], key: keyof ArchiveRound) => spread(rows.map((r) => r[key]));
const archive = {
  lost_seconds: figure(measured, 'lostSeconds'),
  lost_writes: figure(measured, 'missing'),
  recovery_seconds: figure(measured, 'recoverySeconds'),
  control_lost_seconds: figure(controls, 'lostSeconds'),
  control_lost_writes: figure(controls, 'missing'),
  /** The steady writes' rate (one connection per write, as the bench's client makes them). */
  writes_per_second: spread(measured.map((r) => r.acknowledged / r.writeSeconds)),
  /** repo1's WAL archive growth over the rounds (the steady writes plus archive_timeout's switches). */
  archive_mib_per_hour: Math.round((archiveGrowth.bytes / 2 ** 20 / archiveGrowth.seconds) * 3600 * 10) / 10,
};
log(
  formatTable(
    ['figure', 'median', 'min', 'max'],
    Object.entries(archive)
      .filter((e): e is [string, ReturnType<typeof spread>] => typeof e[1] === 'object')
      .map(([name, s]) => [name, s.median, s.min, s.max]),
  ),
);
log(
  `archive growth: ${archive.archive_mib_per_hour} MiB/hour at ${archive.writes_per_second.median.toFixed(1)} writes/s`,
);
const verdicts = judge([
  {
    name: 'acknowledged writes lost, recovery from the archive',
    unit: 's',
    figure: archive.lost_seconds,
    at_most: goals.lostSecondsAtMost,
    noise: archive.control_lost_seconds,
  },
  {
    name: 'recovery time from the archive (restore to open for writes)',
    unit: 's',
    figure: archive.recovery_seconds,
    at_most: goals.recoverySecondsAtMost,
  },
]);
printVerdicts(verdicts);
await writeResults('durability', { ...environment(), settings: { rounds, goals }, archive, goals: verdicts });
exitForVerdicts(verdicts);
