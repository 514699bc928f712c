import { writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { startWatchedPostgres, type WatchedPostgres } from './watched-postgres.ts';

/**
 * The WAL-archiving drill's own server: archive_mode on, and an archive_command that copies each
 * segment into the data folder's `archive/` only while the flag file `archive-open` is there,
 * so a drill breaks and repairs archiving as a wrong key or a full repository would, without
 * restarting the server. The archiver runs the command in the data folder, hence the relative
 * paths.
 */
export interface ArchivingDrill extends WatchedPostgres {
  /** Archiving works again from the next attempt on. */
  openArchive(): Promise<void>;
  /** Every attempt fails from now on, as with a wrong key or an unreachable repository. */
  breakArchive(): Promise<void>;
  /** A write and a WAL switch: one more segment for the archiver to ship. */
  fillSegment(): Promise<void>;
}

const flagFile = 'archive-open';

export async function startArchivingDrill(dir: string): Promise<ArchivingDrill> {
  const watched = await startWatchedPostgres(dir, {
    settings: {
      archive_mode: 'on',
      archive_command: `test -f ${flagFile} && mkdir -p archive && cp %p archive/%f`,
    },
  });
  const client = new pg.Client({ connectionString: watched.db.url });
  await client.connect();
  await client.query('CREATE TABLE IF NOT EXISTS drill_writes (at timestamptz NOT NULL DEFAULT now())');
  const flag = join(watched.db.dataDir, flagFile);
  return {
    ...watched,
    openArchive: () => writeFile(flag, ''),
    breakArchive: () => rm(flag, { force: true }),
    async fillSegment() {
      await client.query('INSERT INTO drill_writes DEFAULT VALUES');
      await client.query('SELECT pg_switch_wal()');
    },
    async stop() {
      await client.end().catch(() => undefined);
      await watched.stop();
    },
  };
}
