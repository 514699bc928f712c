import { startSimulator, type TickReport } from '../../api/simulator/simulator.ts';
import type { ArchivingCluster } from '../../stack/scripts/archiving-cluster.ts';
import { archiveCurrentSegment } from '../../stack/scripts/backup-round.ts';
import { archiveBytes } from './archive-recovery.ts';
import { startApiOn } from './api-serving.ts';

/** The archive's growth while the port simulator drives the demo port through the API. */
export interface SimulatedGrowth {
  /** Real seconds between the two segment switches that bound the span. */
  seconds: number;
  /** repo1's WAL archive growth (zstd-compressed, encrypted, as pgBackRest stores it), per hour. */
  archive_mib_per_hour: number;
  /**
   * How far the WAL position advanced over the span (pg_current_wal_lsn), per hour: the whole 16 MiB
   * of every segment archive_timeout switches counts, so at a light load this is about 16 MiB a
   * minute whatever was written; the compressed archive above is the figure that costs storage.
   */
  wal_mib_per_hour: number;
  /** Rows the database inserted, updated and deleted, per second (pg_stat_database). */
  rows_written_per_second: number;
  /** Commits per second (pg_stat_database.xact_commit). */
  commits_per_second: number;
  /** AIS positions the simulator sent per second. */
  positions_per_second: number;
  simulator: { tick_ms: number; time_scale: number; totals: TickReport };
}

interface Counters {
  lsn: string;
  commits: number;
  rows: number;
}

const counters = async (cluster: ArchivingCluster): Promise<Counters> => {
  const [row] = await cluster.query<{ lsn: string; commits: string; rows: string }>(
    `SELECT pg_current_wal_lsn()::text AS lsn, xact_commit AS commits,
            tup_inserted + tup_updated + tup_deleted AS rows
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  return { lsn: row!.lsn, commits: Number(row!.commits), rows: Number(row!.rows) };
};

/**
 * The PortTrack API on the cluster and the port simulator (api/simulator, npm start's defaults:
 * a tick every 5 s, time scale 20, no fault scenario) driving it for `seconds`. The span runs from
 * one archived segment switch to the next, so repo1's growth holds exactly the span's WAL (with
 * archive_timeout's own switches on the way). pg_stat_database's counters come from the
 * statistics collector, which flushes them at most once a second: a second's error on a span of
 * minutes.
 */
export async function measureSimulatedGrowth(
  cluster: ArchivingCluster,
  seconds: number,
  log: (line: string) => void,
): Promise<SimulatedGrowth> {
  const tickMs = 5000;
  const timeScale = 20;
  const api = await startApiOn(cluster.url);
  try {
    const simulator = await startSimulator({
      apiUrl: api.url,
      password: api.env.PORTTRACK_DEMO_PASSWORD!,
      tickMs,
      timeScale,
      log: () => {},
    });
    let totals: TickReport;
    let before: Counters;
    let bytesBefore: number;
    let started: number;
    try {
      // One tick before the span: the first one rosters shifts and creates calls the later ones do not.
      await simulator.tick();
      await archiveCurrentSegment(cluster);
      bytesBefore = await archiveBytes(cluster, 'repo1');
      before = await counters(cluster);
      started = performance.now();
      const first = simulator.totals();
      log(`durability: archive, the port simulator driving the API for ${seconds} s`);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      const last = simulator.totals();
      totals = Object.fromEntries(
        Object.entries(last).map(([k, v]) => [
          k,
          k === 'tick' ? v - first.tick : v - first[k as keyof TickReport],
        ]),
      ) as unknown as TickReport;
    } finally {
      await simulator.stop();
    }
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the statistics' flush
    const after = await counters(cluster);
    const countedSpan = (performance.now() - started) / 1000;
    await archiveCurrentSegment(cluster);
    const span = (performance.now() - started) / 1000;
    const bytes = (await archiveBytes(cluster, 'repo1')) - bytesBefore;
    const [wal] = await cluster.query<{ bytes: string }>(
      'SELECT pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn) AS bytes',
      [after.lsn, before.lsn],
    );
    const perHour = (b: number) => Math.round((b / 2 ** 20 / span) * 3600 * 10) / 10;
    const perSecond = (n: number) => Math.round((n / countedSpan) * 100) / 100;
    return {
      seconds: Math.round(span * 10) / 10,
      archive_mib_per_hour: perHour(bytes),
      wal_mib_per_hour: perHour(Number(wal!.bytes)),
      rows_written_per_second: perSecond(after.rows - before.rows),
      commits_per_second: perSecond(after.commits - before.commits),
      positions_per_second: perSecond(totals.positions),
      simulator: { tick_ms: tickMs, time_scale: timeScale, totals },
    };
  } finally {
    await api.stop();
  }
}
