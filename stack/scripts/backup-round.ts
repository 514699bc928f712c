// The backup service's round (backup-schedule.sh --once) run against an ArchivingCluster, as the
// PITR test and the durability bench take their base backups: a full backup on the weekday
// given, a differential on any other.
import { join } from 'node:path';
import type { ArchivingCluster, Ran } from './archiving-cluster.ts';

/** Today's ISO weekday, as BACKUP_FULL_WEEKDAY counts (1 = Monday ... 7 = Sunday). */
export const todayWeekday = () => String(((new Date().getUTCDay() + 6) % 7) + 1);
export const notTodayWeekday = () => String((Number(todayWeekday()) % 7) + 1);

export function scheduledRound(cluster: ArchivingCluster, fullWeekday: string): Promise<Ran> {
  return cluster.script('scripts/backup-schedule.sh', ['--once'], {
    BACKUP_FULL_WEEKDAY: fullWeekday,
    BACKUP_PARTS: 'postgres',
    BACKUP_DIR: join(cluster.dir, 'sets'),
    BACKUP_METRICS_DIR: join(cluster.dir, 'metrics'),
    PGHOST: '127.0.0.1',
    PGPORT: String(cluster.port),
    PGUSER: 'postgres',
    PGDATABASE: 'postgres',
  });
}

/** Closes the current WAL segment and waits until the archiver has pushed it. */
export async function archiveCurrentSegment(cluster: ArchivingCluster): Promise<void> {
  const [{ wal } = { wal: '' }] = await cluster.query<{ wal: string }>(
    'SELECT pg_walfile_name(pg_switch_wal()) AS wal',
  );
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const [row] = await cluster.query<{ last: string | null }>(
      'SELECT last_archived_wal AS last FROM pg_stat_archiver',
    );
    if (row?.last && row.last.slice(8) >= wal.slice(8)) return; // across timelines: the segment part
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`WAL segment ${wal} was not archived within 30 s`);
}
