import { startArchivingCluster } from '../../stack/scripts/archiving-cluster.ts';
import { scheduledRound, todayWeekday } from '../../stack/scripts/backup-round.ts';
import type { Goal } from '../lib/goals.ts';
import { type Spread, spread, spreadOf } from '../lib/rounds.ts';
import { type ArchiveRound, archiveBytes, loseAndRecover, prepareWrites } from './archive-recovery.ts';

/**
 * The archive's part of `npm run bench -- durability`: how much a lost disk costs when the
 * database is recovered from the pgBackRest archive. A PostgreSQL of the bench's own (Debian's
 * server, the stack's archiving settings, archive_timeout 60 s, two encrypted repositories;
 * stack/scripts/archiving-cluster.ts) takes the schedule's full backup; then, round after round,
 * steady acknowledged writes for a span that varies with the round (so the loss falls anywhere in
 * archive_timeout's minute), the disk lost, `restore.sh --to latest`, and the loss judged. Each
 * round has its control: the same with the last segment archived before the loss, where the
 * method must report nothing lost.
 */
export const archiveGoals = { lostSecondsAtMost: 60, recoverySecondsAtMost: 300 };

export interface ArchiveFigures {
  lost_seconds: Spread;
  lost_writes: Spread;
  recovery_seconds: Spread;
  control_lost_seconds: Spread;
  control_lost_writes: Spread;
  /** The steady writes' rate (one connection per write, as the bench's client makes them). */
  writes_per_second: Spread;
  /** repo1's WAL archive growth over the rounds (the steady writes plus archive_timeout's switches). */
  archive_mib_per_hour: number;
}

/** Spans of steady writes: longer than archive_timeout, spread over its minute. */
const writeSeconds = (round: number) => 65 + ((round * 23) % 60);

export async function measureArchiveRecovery(
  rounds: number,
  log: (line: string) => void,
): Promise<{ figures: ArchiveFigures; goals: Goal[] }> {
  const cluster = await startArchivingCluster();
  const measured: ArchiveRound[] = [];
  const controls: ArchiveRound[] = [];
  let growth = { bytes: 0, seconds: 0 };
  try {
    await cluster.start();
    await prepareWrites(cluster);
    const full = await scheduledRound(cluster, todayWeekday());
    if (full.code !== 0) throw new Error(`the schedule's full backup failed: ${full.stderr}`);
    log(`durability: archive, own cluster on 127.0.0.1:${cluster.port}, full backup taken; ${rounds} rounds`);
    const bytesBefore = await archiveBytes(cluster, 'repo1');
    const started = performance.now();
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
    growth = {
      bytes: (await archiveBytes(cluster, 'repo1')) - bytesBefore,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await cluster.dispose();
  }

  const figures: ArchiveFigures = {
    lost_seconds: spreadOf(measured, 'lostSeconds'),
    lost_writes: spreadOf(measured, 'missing'),
    recovery_seconds: spreadOf(measured, 'recoverySeconds'),
    control_lost_seconds: spreadOf(controls, 'lostSeconds'),
    control_lost_writes: spreadOf(controls, 'missing'),
    writes_per_second: spread(measured.map((r) => r.acknowledged / r.writeSeconds)),
    archive_mib_per_hour: Math.round((growth.bytes / 2 ** 20 / growth.seconds) * 3600 * 10) / 10,
  };
  log(
    `durability: archive grew ${figures.archive_mib_per_hour} MiB/hour at ` +
      `${figures.writes_per_second.median.toFixed(1)} writes/s`,
  );
  const goals: Goal[] = [
    {
      name: 'acknowledged writes lost, recovery from the archive',
      unit: 's',
      figure: figures.lost_seconds,
      at_most: archiveGoals.lostSecondsAtMost,
      noise: figures.control_lost_seconds,
    },
    {
      name: 'recovery time from the archive (restore to open for writes)',
      unit: 's',
      figure: figures.recovery_seconds,
      at_most: archiveGoals.recoverySecondsAtMost,
    },
  ];
  return { figures, goals };
}
