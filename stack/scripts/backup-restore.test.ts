// backup.sh and restore.sh against the real parts: the machine's PostgreSQL (seeded with the
// demo port, backed up encrypted, restored into a new database, every table compared by row
// count and checksum, with its structure and grants: database-fingerprint.ts), a real
// Prometheus (TSDB snapshot through its admin API, restored and queried) and a real
// Alertmanager (silences backed up and re-created in a fresh one). Restoring over a live
// database (--clean) is restore-clean.test.ts.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir as apiMigrations } from '../../api/server.ts';
import { seedDemoPort } from '../../api/seed/demo-port.ts';
import { freePort } from '../../lib/net/free-port.ts';
import { migrate } from '../../lib/db/migrate.ts';
import { repoRoot } from '../../lib/generated.ts';
import { createTestDatabase, type TestDatabase } from '../../lib/testing/database.ts';
import { migrationsDir as notifierMigrations, migrationsTable } from '../../notifier/outbox/store.ts';
import { startAlertmanager } from '../../local-platform/alertmanager.ts';
import { instantQuery } from '../../local-platform/prometheus-api.ts';
import { startPrometheus } from '../../local-platform/prometheus.ts';
import { scrapeJobs } from '../../scrape/jobs.ts';
import { waitFor } from '../../local-platform/wait.ts';
import { fingerprint } from './database-fingerprint.ts';

const run = promisify(execFile);
const script = (name: string) => join(repoRoot, 'stack/scripts', name);
const log = (line: string) => process.stdout.write(`[backup-restore] ${line}\n`);

describe('backup and restore of PostgreSQL', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let dir: string;
  const env = () => ({ ...process.env, PGHOST: '127.0.0.1', PGPORT: '5432', PGUSER: 'postgres' });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 't12-backup-'));
    source = await createTestDatabase('t12_backup_src');
    target = await createTestDatabase('t12_backup_dst');
    const pool = new pg.Pool({ connectionString: source.url, max: 2 });
    try {
      await migrate(pool, { dir: apiMigrations, table: 'schema_migrations' });
      await migrate(pool, { dir: notifierMigrations, table: migrationsTable });
      const seeded = await seedDemoPort(pool, { now: new Date('2026-03-01T12:00:00Z') });
      log(`seeded ${seeded.vessels} vessels, ${seeded.positions} positions`);
    } finally {
      await pool.end();
    }
    await writeFile(join(dir, 'key'), 'a backup key that stays off the backup host\n');
  }, 120_000);

  afterAll(async () => {
    await source?.drop();
    await target?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('restores an encrypted dump into a new database with every table identical', async () => {
    const backups = join(dir, 'sets');
    const keyFile = join(dir, 'key');
    await run(script('backup.sh'), ['--parts', 'postgres'], {
      env: { ...env(), PGDATABASE: source.name, BACKUP_DIR: backups, BACKUP_ENCRYPTION_KEY_FILE: keyFile },
    });
    const [set] = await readdir(backups);
    expect(set).toMatch(/^porttrack-\d{8}T\d{6}Z$/);
    expect((await readdir(join(backups, set!))).sort()).toEqual(['MANIFEST', 'SHA256SUMS', 'postgres.dump.enc']);

    const started = performance.now();
    const { stdout } = await run(script('restore.sh'), [join(backups, set!), '--database', target.name], {
      env: { ...env(), BACKUP_ENCRYPTION_KEY_FILE: keyFile },
    });
    log(`restore into a new database took ${((performance.now() - started) / 1000).toFixed(2)} s (${stdout.trim().split('\n').at(-1)})`);

    const before = await fingerprint(source.url);
    const after = await fingerprint(target.url);
    expect(Object.keys(before).length).toBeGreaterThan(10);
    expect(Object.values(before).some((v) => /^[1-9]\d* rows/.test(v))).toBe(true);
    expect(after).toEqual(before);
  }, 120_000);

  it('refuses a set whose files changed, and a database that is not empty', async () => {
    const backups = join(dir, 'plain');
    await run(script('backup.sh'), ['--parts', 'postgres'], { env: { ...env(), PGDATABASE: source.name, BACKUP_DIR: backups } });
    const [set] = await readdir(backups);
    const setDir = join(backups, set!);
    const notEmpty = run(script('restore.sh'), [setDir, '--database', source.name], { env: env() });
    await expect(notEmpty).rejects.toMatchObject({ stderr: expect.stringContaining('restore into an empty database') });
    await writeFile(join(setDir, 'postgres.dump'), 'tampered');
    const tampered = run(script('restore.sh'), [setDir, '--database', target.name], { env: env() });
    await expect(tampered).rejects.toMatchObject({ stderr: expect.stringContaining('fails its checksums') });
  }, 60_000);

  it('keeps the newest sets and deletes those past retention', async () => {
    const backups = join(dir, 'retention');
    for (const old of ['porttrack-20200101T000000Z', 'porttrack-20200102T000000Z', 'porttrack-20200103T000000Z']) {
      await mkdir(join(backups, old), { recursive: true });
      await writeFile(join(backups, old, 'MANIFEST'), 'created 2020-01-01T00:00:00Z\n'); // sets backup.sh made
    }
    await run(script('backup.sh'), ['--parts', 'postgres'], {
      env: { ...env(), PGDATABASE: source.name, BACKUP_DIR: backups, BACKUP_KEEP_DAYS: '7', BACKUP_KEEP_MIN: '2' },
    });
    const left = (await readdir(backups)).sort();
    expect(left).toHaveLength(2);
    expect(left[0]).toBe('porttrack-20200103T000000Z');
  }, 60_000);
});

describe('backup and restore of Prometheus and Alertmanager', () => {
  let dir: string;
  const stops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('snapshots the TSDB through the admin API and brings silences back', async () => {
    dir = await mkdtemp(join(tmpdir(), 't12-monitoring-'));
    const port = await freePort();
    const api = scrapeJobs.find((j) => j.key === 'api')!;
    const prometheus = await startPrometheus({
      dir: join(dir, 'prometheus'),
      port,
      scrapeIntervalSeconds: 1,
      evaluationIntervalSeconds: 1,
      rules: [],
      jobs: [{ job: api, targets: [`127.0.0.1:${port}`] }],
      extraArgs: ['--web.enable-admin-api'],
    });
    stops.push(() => prometheus.stop());
    const config = 'route:\n  receiver: none\nreceivers:\n  - name: none\n';
    const alertmanager = await startAlertmanager({ dir: join(dir, 'am'), config });
    stops.push(() => alertmanager.stop());
    const silence = {
      matchers: [{ name: 'alertname', value: 'NodeHighCpu', isRegex: false, isEqual: true }],
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      createdBy: 'backup-test',
      comment: 'maintenance window',
    };
    const created = await fetch(`${alertmanager.url}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(silence),
    });
    expect(created.status).toBe(200);
    await waitFor(async () => ((await instantQuery(prometheus.url, 'up')).length ? true : undefined), {
      what: 'Prometheus scraped itself',
      timeoutMs: 30_000,
    });
    const scrapedUntil = Date.now() / 1000;

    const backups = join(dir, 'sets');
    await run(script('backup.sh'), ['--parts', 'prometheus,alertmanager'], {
      env: {
        ...process.env,
        BACKUP_DIR: backups,
        PROMETHEUS_URL: prometheus.url,
        PROMETHEUS_DATA_DIR: join(dir, 'prometheus', 'data'),
        ALERTMANAGER_URL: alertmanager.url,
      },
    });
    const [set] = await readdir(backups);
    expect(await readdir(join(dir, 'prometheus', 'data', 'snapshots'))).toEqual([]); // cleaned up

    // Into a fresh Alertmanager and an empty TSDB folder, then a second Prometheus reads it.
    const fresh = await startAlertmanager({ dir: join(dir, 'am2'), config });
    stops.push(() => fresh.stop());
    const restoredTsdb = join(dir, 'restored');
    await run(script('restore.sh'), [join(backups, set!), '--parts', 'prometheus,alertmanager'], {
      env: { ...process.env, PROMETHEUS_DATA_DIR: join(restoredTsdb, 'data'), ALERTMANAGER_URL: fresh.url },
    });
    const silences = (await (await fetch(`${fresh.url}/api/v2/silences`)).json()) as Array<typeof silence & { status: { state: string } }>;
    expect(silences.map((s) => [s.comment, s.createdBy, s.status.state, s.matchers[0]!.value])).toEqual([
      ['maintenance window', 'backup-test', 'active', 'NodeHighCpu'],
    ]);

    await prometheus.stop();
    const reader = await startPrometheus({
      dir: restoredTsdb,
      scrapeIntervalSeconds: 60,
      evaluationIntervalSeconds: 60,
      rules: [],
      jobs: [],
    });
    stops.push(() => reader.stop());
    const url = new URL('/api/v1/query', reader.url);
    url.searchParams.set('query', `up{job="${api.job}"}`);
    url.searchParams.set('time', String(scrapedUntil));
    const body = (await (await fetch(url)).json()) as { data: { result: Array<{ value: [number, string] }> } };
    expect(body.data.result.map((r) => r.value[1])).toEqual(['1']);
  }, 90_000);
});
