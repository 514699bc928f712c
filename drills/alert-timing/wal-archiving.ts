import { writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { startWatchedPostgres, type WatchedPostgres } from './watched-postgres.ts';

/**
 * The WAL-archiving drills' own server: archive_mode on, and an archive_command that copies each
 * segment into the data folder's `archive/` only while the flag file `archive-open` is there,
 * and hangs while the flag file `archive-stalled` is there, so a drill breaks, stalls and
 * repairs archiving as a wrong key, a stuck repository mount or a fix would, without restarting
 * the server. The archiver runs the command in the data folder, hence the relative paths.
 */
export interface ArchivingDrill extends WatchedPostgres {
  /** Archiving works again from the next attempt on. */
  openArchive(): Promise<void>;
  /** Every attempt fails from now on, as with a wrong key or an unreachable repository. */
  breakArchive(): Promise<void>;
  /**
   * The next attempt hangs until `resumeArchive`, as on a repository mount that stopped
   * answering: nothing is archived and nothing fails (pg_stat_archiver counts neither).
   */
  stallArchive(): Promise<void>;
  /** The hanging attempt goes on (and archives, while the archive is open). */
  resumeArchive(): Promise<void>;
  /** A write and a WAL switch: one more segment for the archiver to ship. */
  fillSegment(): Promise<void>;
  /** When the newest segment was archived (pg_stat_archiver.last_archived_time), if ever. */
  lastArchivedAt(): Promise<Date | undefined>;
}

const openFlag = 'archive-open';
const stalledFlag = 'archive-stalled';

export async function startArchivingDrill(
  dir: string,
  ports: { postgres?: number; exporter?: number } = {},
): Promise<ArchivingDrill> {
  const watched = await startWatchedPostgres(dir, {
    settings: {
      archive_mode: 'on',
      archive_command:
        `while test -f ${stalledFlag}; do sleep 0.1; done; ` +
        `test -f ${openFlag} && mkdir -p archive && cp %p archive/%f`,
    },
    ...(ports.postgres ? { port: ports.postgres } : {}),
    ...(ports.exporter ? { exporterPort: ports.exporter } : {}),
  });
  const client = new pg.Client({ connectionString: watched.db.url });
  await client.connect();
  await client.query('CREATE TABLE IF NOT EXISTS drill_writes (at timestamptz NOT NULL DEFAULT now())');
  const flag = (name: string) => join(watched.db.dataDir, name);
  const resumeArchive = () => rm(flag(stalledFlag), { force: true });
  return {
    ...watched,
    openArchive: () => writeFile(flag(openFlag), ''),
    breakArchive: () => rm(flag(openFlag), { force: true }),
    stallArchive: () => writeFile(flag(stalledFlag), ''),
    resumeArchive,
    async fillSegment() {
      await client.query('INSERT INTO drill_writes DEFAULT VALUES');
      await client.query('SELECT pg_switch_wal()');
    },
    async lastArchivedAt() {
      const { rows } = await client.query<{ at: Date | null }>(
        'SELECT last_archived_time AS at FROM pg_stat_archiver',
      );
      return rows[0]?.at ?? undefined;
    },
    async stop() {
      // A hanging archive_command would hold the server's shutdown.
      await resumeArchive();
      await client.end().catch(() => undefined);
      await watched.stop();
    },
  };
}
