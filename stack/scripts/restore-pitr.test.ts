// Point-in-time recovery from the pgBackRest archive, end to end, against a PostgreSQL cluster of
// the test's own (archiving-cluster.ts) archiving into two encrypted repositories with the stack's
// own settings: the schedule's full backup, acknowledged writes, a target moment, more writes,
// the data folder destroyed, `restore.sh --to MOMENT`, and exactly the writes acknowledged before
// the moment are back. Then writes for longer than archive_timeout, a crash with the disk lost,
// `restore.sh --to latest` from the off-site repository: the acknowledged writes lost (seconds
// and count) are measured and printed.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Ack, lossAfterRecovery, writeSteadily } from './acknowledged-writes.ts';
import { type ArchivingCluster, startArchivingCluster } from './archiving-cluster.ts';
import { archiveCurrentSegment, notTodayWeekday, scheduledRound, todayWeekday } from './backup-round.ts';
import { setTimeout as sleep } from 'node:timers/promises';

const log = (line: string) => process.stdout.write(`[pitr] ${line}\n`);
/** '2026-12-05 10:41:00.123+00', the form the guide tells a person to type. */
const moment = (d: Date) => `${d.toISOString().replace('T', ' ').replace('Z', '')}+00`;


describe('point-in-time recovery with pgBackRest (restore.sh --to)', () => {
  let cluster: ArchivingCluster;
  const acked: Ack[] = [];
  /** One write, acknowledged when the INSERT's commit returns. */
  const insert = async (phase: string) =>
    (await cluster.query<{ id: number }>('INSERT INTO port_calls_log (phase) VALUES ($1) RETURNING id', [phase]))[0]!.id;
  const write = async (phase: string) => {
    const id = await insert(phase);
    acked.push({ id, ackedAt: Date.now() });
    return id;
  };
  const ids = async () =>
    (await cluster.query<{ id: number }>('SELECT id FROM port_calls_log ORDER BY id')).map((r) => r.id);
  const schedule = (weekday: string) => scheduledRound(cluster, weekday);

  beforeAll(async () => {
    const started = performance.now();
    cluster = await startArchivingCluster();
    await cluster.start();
    log(`own cluster on 127.0.0.1:${cluster.port} in ${((performance.now() - started) / 1000).toFixed(1)} s (${cluster.dir})`);
    await cluster.query(
      'CREATE TABLE port_calls_log (id bigserial PRIMARY KEY, phase text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())',
    );
  }, 60_000);
  afterAll(async () => {
    await cluster?.dispose();
  });

  it('refuses to run without a repository key, naming the Docker secret', async () => {
    const missing = join(cluster.dir, 'no-such-key');
    const pgbackrest = await cluster.script('scripts/pgbackrest.sh', ['--stanza=porttrack', 'info'], {
      BACKUP_ENCRYPTION_KEY_FILE: missing,
    });
    expect(pgbackrest.code).not.toBe(0);
    expect(pgbackrest.stderr).toContain('create the Docker secret backup_encryption_key');
    const offsite = await cluster.script('scripts/pgbackrest.sh', ['--stanza=porttrack', 'info'], {
      BACKUP_OFFSITE_KEY_FILE: missing,
    });
    expect(offsite.stderr).toContain('create the Docker secret backup_offsite_key');
    const service = await cluster.script('scripts/backup-schedule.sh', ['--once'], { BACKUP_ENCRYPTION_KEY_FILE: missing });
    expect(service.code).not.toBe(0);
    expect(service.stderr).toContain('refusing to start');
    expect(service.stderr).toContain('backup_encryption_key');
  });

  it('says what is wrong with a bad --to, and restores nothing', async () => {
    const cases: Array<[string[], string]> = [
      [['--to'], "--to needs a moment or 'latest'"],
      [['--to', ''], '--to is empty'],
      [['--to', '2026-12-05 10:41:00'], 'is not a moment with its zone'],
      [['--to', 'yesterday'], 'is not a moment with its zone'],
      [['--to', '2026-02-30 10:41:00+00'], 'is not a real date and time'],
      [['--to', '2999-01-01 00:00:00+00'], 'is in the future; use --to latest'],
      [['--to', 'latest', '--repo', '3'], 'the repositories are 1 (local) and 2 (off-site)'],
      [['--to', 'latest', '--bogus'], "unknown argument '--bogus'"],
      [['--to', 'latest', '--pgdata', cluster.dataDir], 'is not empty: stop PostgreSQL'],
    ];
    for (const [args, message] of cases) {
      const result = await cluster.script('scripts/restore.sh', args);
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({
        args,
        code: 2,
        stderr: expect.stringContaining(message),
      });
    }
    await cluster.query('SELECT 1'); // the running cluster was not touched
  });

  it('recovers to a moment: every write acknowledged before it, none after', async () => {
    for (let i = 0; i < 5; i++) await write('before the backup');
    // The schedule's round on the full backup's weekday: full into both repositories, then the dump set.
    const round = await schedule(todayWeekday());
    expect(round.stderr).toBe('');
    expect(round.code).toBe(0);
    expect(round.stdout).toMatch(/full backup into repo1/);
    expect(round.stdout).toMatch(/full backup into repo2/);
    const metrics = await readFile(join(cluster.dir, 'metrics/porttrack_backup.prom'), 'utf8');
    for (const series of ['kind="full",repo="repo1"', 'kind="full",repo="repo2"', 'kind="dump",repo="sets"'])
      expect(metrics).toMatch(new RegExp(`^porttrack_backup_last_success_timestamp_seconds\\{${series}\\} \\d{10}$`, 'm'));
    const set = (await readdir(join(cluster.dir, 'sets'))).find((name) => name.startsWith('porttrack-'));
    expect(await readdir(join(cluster.dir, 'sets', set!))).toContain('postgres.dump.enc'); // the dump stays, encrypted
    // Both repositories are encrypted: pgBackRest's files start with OpenSSL's salt header.
    for (const repo of ['repo1', 'repo2']) {
      const info = await readFile(join(cluster.dir, repo, 'backup/porttrack/backup.info'));
      expect(info.subarray(0, 8).toString('latin1')).toBe('Salted__');
    }

    const before: number[] = [];
    for (let i = 0; i < 20; i++) before.push(await write('acknowledged before the target'));
    await sleep(1_000);
    const target = new Date();
    await sleep(1_000);
    const after: number[] = [];
    for (let i = 0; i < 20; i++) after.push(await write('after the target'));
    await archiveCurrentSegment(cluster);

    await cluster.crash();
    await cluster.destroyData();
    const restore = await cluster.script('scripts/restore.sh', ['--to', moment(target), '--pgdata', cluster.dataDir]);
    log(`restore.sh --to '${moment(target)}': ${restore.stdout.trim()}`);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    const started = performance.now();
    await cluster.start();
    await cluster.waitUntilPrimary(120_000);
    log(`replayed to the target and open for writes in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const recovered = await ids();
    expect(recovered).toEqual(acked.filter((a) => a.ackedAt <= target.getTime()).map((a) => a.id));
    expect(recovered).toEqual(expect.arrayContaining(before));
    expect(recovered.filter((id) => after.includes(id))).toEqual([]);
  }, 180_000);

  it('recovers to the latest archived moment from the off-site repository, losing at most archive_timeout', async () => {
    // A differential on any other day, on the new timeline the recovery opened.
    const round = await schedule(notTodayWeekday());
    expect(round.code).toBe(0);
    expect(round.stdout).toMatch(/diff backup into repo2/);
    const earlier = await ids();
    acked.length = 0;
    // Writes for longer than archive_timeout (60 s): WAL segments close by the timeout alone.
    await writeSteadily(() => insert('steady load'), acked, 70_000);
    const lostAt = Date.now();
    await cluster.crash();
    await cluster.destroyData();

    const restore = await cluster.script('scripts/restore.sh', ['--to', 'latest', '--repo', '2', '--pgdata', cluster.dataDir]);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    const started = performance.now();
    await cluster.start();
    await cluster.waitUntilPrimary(120_000);
    const recoverySeconds = (performance.now() - started) / 1000;

    const all = await ids();
    expect(all.slice(0, earlier.length)).toEqual(earlier); // the earlier recovery's rows are all there
    const loss = lossAfterRecovery(acked, new Set(all), lostAt);
    log(
      `--to latest from repo2: ${loss.missing} of ${acked.length} acknowledged writes lost, ` +
        `${loss.lostSeconds.toFixed(1)} s of writes (archive_timeout 60 s); replay took ${recoverySeconds.toFixed(1)} s`,
    );
    // Whatever came back is a prefix of what was acknowledged: no hole, nothing out of order.
    expect(loss.keptIsPrefix).toBe(true);
    expect(loss.kept).toBeGreaterThan(0);
    expect(loss.lostSeconds).toBeLessThanOrEqual(65);
  }, 240_000);
});
