import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Ack, lossAfterRecovery, writeSteadily } from '../../stack/scripts/acknowledged-writes.ts';
import type { ArchivingCluster } from '../../stack/scripts/archiving-cluster.ts';
import { archiveCurrentSegment } from '../../stack/scripts/backup-round.ts';

/** One loss and recovery from the archive, as `restore.sh --to latest` after a lost disk. */
export interface ArchiveRound {
  /** How long the steady writes ran before the loss. */
  writeSeconds: number;
  acknowledged: number;
  missing: number;
  /** Seconds between the last acknowledged write recovered and the instant of loss. */
  lostSeconds: number;
  /** From the restore command to PostgreSQL open for writes. */
  recoverySeconds: number;
}

const table = 'durability_writes';

export async function prepareWrites(cluster: ArchivingCluster): Promise<void> {
  await cluster.query(
    `CREATE TABLE IF NOT EXISTS ${table} (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())`,
  );
}

// bigserial ids come back as strings: numbers on both sides of the comparison.
const insert = async (cluster: ArchivingCluster) =>
  Number((await cluster.query<{ id: string }>(`INSERT INTO ${table} DEFAULT VALUES RETURNING id`))[0]!.id);

/**
 * Steady writes (one every 100 ms, each logged when its commit returns) for `writeSeconds`, then
 * the disk lost at a recorded instant: an immediate stop with no checkpoint and no last WAL
 * switch, the data folder removed. `restore.sh --to latest` from `repo`, PostgreSQL started,
 * replay to the end of the archive, the guide's CHECKPOINT, and the acknowledged writes judged. With `control`, the
 * current segment is switched and archived before the loss: the method must then report nothing
 * lost (the A/A control of the loss figure).
 */
export async function loseAndRecover(
  cluster: ArchivingCluster,
  options: { writeSeconds: number; repo: '1' | '2'; control?: boolean },
): Promise<ArchiveRound> {
  const acked: Ack[] = [];
  await writeSteadily(() => insert(cluster), acked, options.writeSeconds * 1000);
  if (options.control) await archiveCurrentSegment(cluster);
  const lostAt = Date.now();
  await cluster.crash();
  await cluster.destroyData();

  const started = performance.now();
  const restore = await cluster.script('scripts/restore.sh', [
    ...['--to', 'latest', '--repo', options.repo, '--pgdata', cluster.dataDir],
  ]);
  if (restore.code !== 0)
    throw new Error(`restore.sh --to latest failed (${restore.code}): ${restore.stderr}`);
  await cluster.start();
  await cluster.waitUntilPrimary(300_000);
  // The guide's step 4 (runbooks/BACKUP_RECOVERY.md): without a checkpoint after recovery,
  // archive_timeout holds again only after checkpoint_timeout, and the next loss costs minutes.
  await cluster.query('CHECKPOINT');
  const recoverySeconds = (performance.now() - started) / 1000;

  const ids = await cluster.query<{ id: string }>(`SELECT id FROM ${table}`);
  const loss = lossAfterRecovery(acked, new Set(ids.map((r) => Number(r.id))), lostAt);
  if (!loss.keptIsPrefix) throw new Error('the recovered writes are not a prefix of the acknowledged ones');
  return {
    writeSeconds: options.writeSeconds,
    acknowledged: acked.length,
    missing: loss.missing,
    lostSeconds: loss.lostSeconds,
    recoverySeconds,
  };
}

/** Bytes under a repository's WAL archive (compressed and encrypted as pgBackRest stores it). */
export async function archiveBytes(cluster: ArchivingCluster, repo: 'repo1' | 'repo2'): Promise<number> {
  return folderBytes(join(cluster.dir, repo, 'archive'));
}

async function folderBytes(path: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(path, { withFileTypes: true }).catch(() => [])) {
    const full = join(path, entry.name);
    total += entry.isDirectory() ? await folderBytes(full) : (await stat(full)).size;
  }
  return total;
}
