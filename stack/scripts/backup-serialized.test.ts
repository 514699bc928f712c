// Two pgBackRest backups at once, as when an operator (or a drill) starts one while the backup
// service's scheduled round runs: without a lock of its own the second met pgBackRest's backup
// lock between repositories and failed (the Swarm test's run of 2026-12-08 00:29 UTC: "unable to
// acquire lock on file porttrack-backup.lock", repo2). backup-pgbackrest.sh now waits for the
// other, saying so, and both land in both repositories. Against the test's own archiving cluster
// (archiving-cluster.ts), with the stack's pgBackRest settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArchivingCluster, startArchivingCluster } from './archiving-cluster.ts';

const log = (line: string) => process.stdout.write(`[backup-serialized] ${line}\n`);

describe('backup-pgbackrest.sh started twice at once', () => {
  let cluster: ArchivingCluster;
  const backup = (type: string, env: Record<string, string> = {}) =>
    cluster.script('scripts/backup-pgbackrest.sh', [type], env);

  beforeAll(async () => {
    cluster = await startArchivingCluster();
    await cluster.start();
    // The stanza and a first full backup, so the two below are the usual case (a diff, a full).
    const first = await backup('full');
    expect(first.code, first.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await cluster?.dispose();
  });

  it('runs one after the other: the second waits, says so, and both back up into both repositories', async () => {
    const [diff, full] = await Promise.all([
      backup('diff'),
      // A moment later, as a person typing it while the round has begun.
      new Promise((resolve) => setTimeout(resolve, 300)).then(() => backup('full')),
    ]);
    log(`diff: ${diff.stdout.trim().split('\n').join(' | ')} ${diff.stderr.trim().split('\n').join(' | ')}`);
    log(`full: ${full.stdout.trim().split('\n').join(' | ')} ${full.stderr.trim().split('\n').join(' | ')}`);
    expect(diff.code, diff.stderr).toBe(0);
    expect(full.code, full.stderr).toBe(0);
    expect(`${diff.stderr}${full.stderr}`).toContain('another backup is running; waiting for it to end');
    for (const ran of [diff, full])
      for (const repo of ['repo1', 'repo2']) expect(ran.stdout).toMatch(new RegExp(`backup into ${repo} in`));
    const info = await cluster.script('scripts/pgbackrest.sh', ['--stanza=porttrack', '--output=json', 'info']);
    const backups = (JSON.parse(info.stdout) as Array<{ backup: Array<{ type: string; database: { 'repo-key': number } }> }>)[0]!
      .backup;
    // The first full, then the diff and the full: three in each repository.
    for (const key of [1, 2]) expect(backups.filter((b) => b.database['repo-key'] === key).length, `repo${key}`).toBe(3);
  }, 240_000);

  it('gives up after BACKUP_WAIT_SECONDS, saying nothing was backed up', async () => {
    const [first, second] = await Promise.all([
      backup('full'),
      new Promise((resolve) => setTimeout(resolve, 300)).then(() => backup('diff', { BACKUP_WAIT_SECONDS: '0' })),
    ]);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain('another backup still runs after 0 s; nothing was backed up');
  }, 240_000);
});
