import { syntheticVessel } from '../../lib/domain/synthetic-vessel.ts';
import { startArchivingCluster } from '../../stack/scripts/archiving-cluster.ts';
import { scheduledRound, todayWeekday } from '../../stack/scripts/backup-round.ts';
import type { Goal } from '../lib/goals.ts';
import { type Spread, spread, spreadOf } from '../lib/rounds.ts';
import { type SimulatedGrowth, measureSimulatedGrowth } from './archive-growth.ts';
import { type ArchiveRound, archiveBytes, loseAndRecover, prepareWrites } from './archive-recovery.ts';
import { type KnownVessel, seedDemoPortInto } from './api-serving.ts';

/**
 * The archive's part of `npm run bench -- durability`: how much a lost disk costs when the
 * database is recovered from the pgBackRest archive. A PostgreSQL of the bench's own (Debian's
 * server, the stack's archiving settings, archive_timeout 60 s, two encrypted repositories;
 * stack/scripts/archiving-cluster.ts) holding the demo port (the API's migrations and
 * api/seed/demo-port.ts) takes the schedule's full backup; then, round after round, steady
 * acknowledged writes for a span that varies with the round (so the loss falls anywhere in
 * archive_timeout's minute), the disk lost, `restore.sh --to latest`, PostgreSQL open, the
 * PortTrack API started on it until it serves a known vessel over HTTP, and the loss judged. Each
 * round has its control: the same with the last segment archived before the loss, where the
 * method must report nothing lost. Last, the archive's growth while the port simulator drives
 * the demo port through the API for BENCH_DURABILITY_SIM_S (300) seconds.
 */
export const archiveGoals = { lostSecondsAtMost: 60, recoverySecondsAtMost: 300 };

export interface ArchiveFigures {
  lost_seconds: Spread;
  lost_writes: Spread;
  /** From `restore.sh --to latest` to the API serving the restored data: the sum of the three below. */
  recovery_seconds: Spread;
  restore_seconds: Spread;
  /** PostgreSQL started, replay, open for writes, the guide's CHECKPOINT. */
  open_seconds: Spread;
  /** The API process started until /readyz 200 and the known vessel read back. */
  api_seconds: Spread;
  /** The demo port in the database the rounds lose and recover. */
  database: { vessels: number; port_calls: number; positions: number; bytes: number };
  control_lost_seconds: Spread;
  control_lost_writes: Spread;
  /** The steady writes' rate (one connection per write, as the bench's client makes them). */
  writes_per_second: Spread;
  /** repo1's WAL archive growth over the rounds (the bench's steady writes plus archive_timeout's switches, not the port's load). */
  archive_mib_per_hour: number;
  /** The archive's growth at the demo port's load (the simulator through the API); null with the reason when it failed. */
  simulated: SimulatedGrowth | { error: string };
}

/** Spans of steady writes: longer than archive_timeout, spread over its minute. */
const writeSeconds = (round: number) => 65 + ((round * 23) % 60);

export async function measureArchiveRecovery(
  rounds: number,
  log: (line: string) => void,
  simulatedSeconds = 300,
): Promise<{ figures: ArchiveFigures; goals: Goal[] }> {
  const cluster = await startArchivingCluster();
  const measured: ArchiveRound[] = [];
  const controls: ArchiveRound[] = [];
  let growth = { bytes: 0, seconds: 0 };
  let database: ArchiveFigures['database'] = { vessels: 0, port_calls: 0, positions: 0, bytes: 0 };
  let simulated: ArchiveFigures['simulated'] = { error: 'not measured' };
  try {
    await cluster.start();
    await seedDemoPortInto(cluster.url);
    await prepareWrites(cluster);
    const [known] = await cluster.query<{ id: string; name: string }>(
      'SELECT id, name FROM vessels WHERE mmsi <> $1 ORDER BY id DESC LIMIT 1',
      [syntheticVessel.mmsi],
    );
    const vessel: KnownVessel = { id: Number(known!.id), name: known!.name };
    const [counts] = await cluster.query<{ v: string; c: string; p: string; b: string }>(
      `SELECT (SELECT count(*) FROM vessels) AS v, (SELECT count(*) FROM port_calls) AS c,
              (SELECT count(*) FROM positions) AS p, pg_database_size(current_database()) AS b`,
    );
    database = {
      vessels: Number(counts!.v),
      port_calls: Number(counts!.c),
      positions: Number(counts!.p),
      bytes: Number(counts!.b),
    };
    const full = await scheduledRound(cluster, todayWeekday());
    if (full.code !== 0) throw new Error(`the schedule's full backup failed: ${full.stderr}`);
    log(
      `durability: archive, own cluster on 127.0.0.1:${cluster.port} with the demo port ` +
        `(${database.vessels} vessels, ${database.port_calls} port calls, ${database.positions} positions, ` +
        `${(database.bytes / 2 ** 20).toFixed(0)} MiB), full backup taken; ${rounds} rounds`,
    );
    const bytesBefore = await archiveBytes(cluster, 'repo1');
    const started = performance.now();
    for (let round = 0; round < rounds; round++) {
      const repo = round % 2 ? '2' : '1';
      const lost = await loseAndRecover(cluster, { writeSeconds: writeSeconds(round), repo, vessel });
      measured.push(lost);
      const control = await loseAndRecover(cluster, { writeSeconds: 10, repo, control: true, vessel });
      controls.push(control);
      log(
        `  round ${round + 1}/${rounds} (repo${repo}): ${lost.missing} of ${lost.acknowledged} writes lost, ` +
          `${lost.lostSeconds.toFixed(1)} s; API serving after ${lost.recoverySeconds.toFixed(1)} s ` +
          `(restore ${lost.restoreSeconds.toFixed(1)}, open ${lost.openSeconds.toFixed(1)}, API ${lost.apiSeconds.toFixed(1)}); ` +
          `control: ${control.missing} lost, ${control.lostSeconds.toFixed(1)} s`,
      );
    }
    growth = {
      bytes: (await archiveBytes(cluster, 'repo1')) - bytesBefore,
      seconds: (performance.now() - started) / 1000,
    };
    try {
      simulated = await measureSimulatedGrowth(cluster, simulatedSeconds, log);
    } catch (err) {
      simulated = { error: (err as Error).message };
      log(`durability: archive growth under the simulator not measured: ${simulated.error}`);
    }
  } finally {
    await cluster.dispose();
  }

  const figures: ArchiveFigures = {
    lost_seconds: spreadOf(measured, 'lostSeconds'),
    lost_writes: spreadOf(measured, 'missing'),
    recovery_seconds: spreadOf(measured, 'recoverySeconds'),
    restore_seconds: spreadOf(measured, 'restoreSeconds'),
    open_seconds: spreadOf(measured, 'openSeconds'),
    api_seconds: spreadOf(measured, 'apiSeconds'),
    database,
    control_lost_seconds: spreadOf(controls, 'lostSeconds'),
    control_lost_writes: spreadOf(controls, 'missing'),
    writes_per_second: spread(measured.map((r) => r.acknowledged / r.writeSeconds)),
    archive_mib_per_hour: Math.round((growth.bytes / 2 ** 20 / growth.seconds) * 3600 * 10) / 10,
    simulated,
  };
  log(
    `durability: archive grew ${figures.archive_mib_per_hour} MiB/hour over the rounds at the bench's ` +
      `${figures.writes_per_second.median.toFixed(1)} writes/s`,
  );
  if ('archive_mib_per_hour' in simulated)
    log(
      `durability: archive grew ${simulated.archive_mib_per_hour} MiB/hour at the demo port's load ` +
        `(simulator, ${simulated.seconds} s: ${simulated.positions_per_second} positions/s, ` +
        `${simulated.rows_written_per_second} rows written/s, ${simulated.commits_per_second} commits/s; ` +
        `WAL ${simulated.wal_mib_per_hour} MiB/hour before compression)`,
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
      name: 'recovery time from the archive (restore command to the API serving)',
      unit: 's',
      figure: figures.recovery_seconds,
      at_most: archiveGoals.recoverySecondsAtMost,
    },
  ];
  return { figures, goals };
}
