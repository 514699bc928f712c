import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Ack, lossAfterRecovery, writeSteadily } from '../../stack/scripts/acknowledged-writes.ts';
import type { ArchivingCluster } from '../../stack/scripts/archiving-cluster.ts';
import { archiveCurrentSegment } from '../../stack/scripts/backup-round.ts';
import { type KnownVessel, startApiOn, waitUntilServing } from './api-serving.ts';

/** One loss and recovery from the archive, as `restore.sh --to latest` after a lost disk. */
export interface ArchiveRound {
  /** How long the steady writes ran before the loss. */
  writeSeconds: number;
  acknowledged: number;
  missing: number;
  /** Seconds between the last acknowledged write recovered and the instant of loss. */
  lostSeconds: number;
  /** From the restore command to the PortTrack API serving the restored data (the three parts below). */
  recoverySeconds: number;
  /** `restore.sh --to latest`, the command alone. */
  restoreSeconds: number;
  /** PostgreSQL started, the archive replayed, open for writes, the guide's CHECKPOINT. */
  openSeconds: number;
  /** The API process started until /readyz answers 200 and the known vessel reads back. */
  apiSeconds: number;
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
 * replay to the end of the archive, the guide's CHECKPOINT, the PortTrack API started on it until it
 * serves the known vessel over HTTP, and the acknowledged writes judged. With `control`, the
 * current segment is switched and archived before the loss: the method must then report nothing
 * lost (the A/A control of the loss figure).
 */
export async function loseAndRecover(
  cluster: ArchivingCluster,
  options: { writeSeconds: number; repo: '1' | '2'; control?: boolean; vessel: KnownVessel },
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
  const restored = performance.now();
  await cluster.start();
  await cluster.waitUntilPrimary(300_000);
  // The guide's step 4 (runbooks/BACKUP_RECOVERY.md): without a checkpoint after recovery,
  // archive_timeout holds again only after checkpoint_timeout, and the next loss costs minutes.
  await cluster.query('CHECKPOINT');
  const open = performance.now();
  const api = await startApiOn(cluster.url);
  let serving: number;
  try {
    await waitUntilServing(api.url, options.vessel);
    serving = performance.now();
  } finally {
    await api.stop();
  }
  const recoverySeconds = (serving - started) / 1000;

  const ids = await cluster.query<{ id: string }>(`SELECT id FROM ${table}`);
  const loss = lossAfterRecovery(acked, new Set(ids.map((r) => Number(r.id))), lostAt);
  if (!loss.keptIsPrefix) throw new Error('the recovered writes are not a prefix of the acknowledged ones');
  return {
    writeSeconds: options.writeSeconds,
    acknowledged: acked.length,
    missing: loss.missing,
    lostSeconds: loss.lostSeconds,
    recoverySeconds,
    restoreSeconds: (restored - started) / 1000,
    openSeconds: (open - restored) / 1000,
    apiSeconds: (serving - open) / 1000,
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
