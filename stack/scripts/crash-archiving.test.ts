// archive_timeout after a crash restart, measured on a PostgreSQL cluster of the test's own
// (archiving-cluster.ts: the stack's archiving settings, with-archiving.sh, two pgBackRest
// repositories): the server is killed with no shutdown checkpoint, started again (crash
// recovery, no restore), and a write made right after it opens must reach the archive within
// archive_timeout (60 s) plus a margin, as it does on a server that never crashed.
// Without with-archiving.sh's CHECKPOINT after start it failed in 4 runs of 5: PostgreSQL 15's
// checkpointer plans its next wake-up right after the end-of-recovery checkpoint, and when it
// does so before the startup process has left recovery it ignores archive_timeout and sleeps
// checkpoint_timeout (5 minutes); a race, which the startup process sometimes wins
// (runbooks/BACKUP_RECOVERY.md, "Point-in-time recovery", step 4).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArchivingCluster, startArchivingCluster } from './archiving-cluster.ts';
import { archiveCurrentSegment } from './backup-round.ts';
import { setTimeout as sleep } from 'node:timers/promises';

const log = (line: string) => process.stdout.write(`[crash-archiving] ${line}\n`);
/** archive_timeout in stack/postgres/archiving.conf, and the margin for the archiver's push. */
const ARCHIVE_TIMEOUT_S = 60;
const MARGIN_S = 30;

describe('WAL archiving after a crash restart', () => {
  let cluster: ArchivingCluster;
  const insert = (phase: string) => cluster.query('INSERT INTO crash_log (phase) VALUES ($1)', [phase]);

  beforeAll(async () => {
    cluster = await startArchivingCluster();
    await cluster.start();
    const stanza = await cluster.script('scripts/pgbackrest.sh', [
      '--stanza=porttrack',
      '--log-level-console=warn',
      'stanza-create',
    ]);
    expect(stanza.stderr).toBe('');
    expect(stanza.code).toBe(0);
    await cluster.query('CREATE TABLE crash_log (id bigserial PRIMARY KEY, phase text NOT NULL)');
    await insert('before the crash');
    await archiveCurrentSegment(cluster); // archiving works and has caught up
  }, 60_000);
  afterAll(async () => {
    await cluster?.dispose();
  });

  it('archives a write made just after crash recovery within archive_timeout', async () => {
    await insert('in flight at the crash');
    await cluster.crash(); // SIGQUIT: no shutdown checkpoint, crash recovery at the next start
    await cluster.start();
    await cluster.waitUntilPrimary(60_000);
    const [recovered] = await cluster.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM crash_log WHERE phase = 'in flight at the crash'",
    );
    expect(recovered?.n).toBe(1);

    await insert('marker after the restart');
    const writtenAt = Date.now();
    const [{ wal } = { wal: '' }] = await cluster.query<{ wal: string }>(
      'SELECT pg_walfile_name(pg_current_wal_lsn()) AS wal',
    );
    log(`marker written at ${new Date(writtenAt).toISOString()} into WAL segment ${wal}`);

    let archivedAfter: number | undefined;
    while (Date.now() - writtenAt < (ARCHIVE_TIMEOUT_S + MARGIN_S) * 1000) {
      const [row] = await cluster.query<{ last: string | null }>(
        'SELECT last_archived_wal AS last FROM pg_stat_archiver',
      );
      if (row?.last && row.last >= wal) {
        archivedAfter = (Date.now() - writtenAt) / 1000;
        break;
      }
      await sleep(1_000);
    }
    log(
      archivedAfter === undefined
        ? `segment ${wal} NOT archived ${ARCHIVE_TIMEOUT_S + MARGIN_S} s after the write (${new Date().toISOString()})`
        : `segment ${wal} archived ${archivedAfter.toFixed(1)} s after the write (${new Date().toISOString()})`,
    );
    expect(archivedAfter).toBeDefined();
    expect(archivedAfter!).toBeLessThanOrEqual(ARCHIVE_TIMEOUT_S + MARGIN_S);
    // pg_stat_archiver counts a segment once archive-push has put it into both repositories.
    for (const repo of ['repo1', 'repo2']) {
      const archived = await readdir(join(cluster.dir, repo, 'archive/porttrack/15-1', wal.slice(0, 16)));
      expect(archived.some((name) => name.startsWith(wal))).toBe(true);
    }
  }, 180_000);
});
