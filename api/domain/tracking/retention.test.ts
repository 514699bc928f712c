import { thresholds, toSeconds } from '../../../lib/monitoring/index.ts';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../../lib/db/pool.ts';
import { migrate } from '../../../lib/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../../lib/testing/database.ts';
import { migrationsDir } from '../../server.ts';
import { startTestApi, vesselBody } from '../../testing/test-api.ts';
import { partitionDays, utcDay } from './partitions.ts';
import {
  daysAhead,
  maintainPositions,
  planRetention,
  PositionRetention,
  retentionIntervalMs,
} from './retention.ts';

const at = (iso: string) => new Date(iso);

describe('planRetention', () => {
  it('creates today and the days ahead, and drops only days wholly older than the window', () => {
    const plan = planRetention(at('2026-03-10T13:00:00Z'), ['2026-02-07', '2026-02-08', '2026-03-10'], 30);
    expect(plan.cutoff).toEqual(at('2026-02-08T13:00:00Z'));
    expect(plan.create).toEqual(['2026-03-11', '2026-03-12', '2026-03-13']);
    // 02-08 ends after the cutoff: it still holds rows inside the window.
    expect(plan.drop).toEqual(['2026-02-07']);
  });

  it('crosses months and years in UTC', () => {
    expect(planRetention(at('2026-12-30T23:59:59Z'), [], 1).create).toEqual([
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
  });
});

describe('PositionRetentionFailing', () => {
  it('waits for two missed runs, and fires long before the partitions made ahead run out', () => {
    const { retentionStaleSeconds, retentionFor } = thresholds.api;
    expect(retentionStaleSeconds).toBeGreaterThan((2 * retentionIntervalMs) / 1000);
    expect(retentionStaleSeconds + toSeconds(retentionFor)).toBeLessThan((daysAhead * 86_400) / 4);
  });
});

describe('position retention on PostgreSQL', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase('retention');
    pool = createPool({ connectionString: db.url, applicationName: 'retention-test', max: 6 });
    await migrate(pool, { dir: migrationsDir, table: 'schema_migrations' });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  const insert = (ts: string, mmsi = '244000001') =>
    pool.query(`INSERT INTO positions (mmsi, ts, lat, lon) VALUES ($1, $2, 51.9, 4.1)`, [mmsi, ts]);
  /** Where each of the mmsi's rows is stored, by ts. */
  const placed = async (mmsi: string) =>
    (
      await pool.query<{ ts: Date; part: string }>(
        `SELECT ts, tableoid::regclass::text AS part FROM positions WHERE mmsi = $1 ORDER BY ts`,
        [mmsi],
      )
    ).rows.map((r) => [r.ts.toISOString(), r.part]);

  it('keeps partitions ahead, so a report just after midnight has its day ready', async () => {
    // The job ran at 09:00; nothing runs again before midnight.
    const report = await maintainPositions(pool, 30, at('2031-05-20T09:00:00Z'));
    expect(report.ran).toBe(true);
    expect(report.created).toEqual(['2031-05-20', '2031-05-21', '2031-05-22', '2031-05-23']);
    await insert('2031-05-20T23:59:59.900Z', '244000010');
    await insert('2031-05-21T00:00:00.000Z', '244000010');
    await insert('2031-05-21T00:00:05.000Z', '244000010');
    expect(await placed('244000010')).toEqual([
      ['2031-05-20T23:59:59.900Z', 'positions_20310520'],
      ['2031-05-21T00:00:00.000Z', 'positions_20310521'],
      ['2031-05-21T00:00:05.000Z', 'positions_20310521'],
    ]);
  });

  it('drops the rows older than the window and keeps the ones inside', async () => {
    const now = at('2031-07-01T12:00:00Z');
    // 30 days: the window starts 2031-06-01T12:00Z.
    for (const ts of [
      '2031-05-25T10:00:00Z',
      '2031-05-31T23:59:59Z',
      '2031-06-01T13:00:00Z',
      '2031-06-30T08:00:00Z',
    ])
      await insert(ts, '244000020');
    // The job ran on those days, so each row sits in its day's partition.
    const dropped: string[] = [];
    for (const day of ['2031-05-25', '2031-05-31', '2031-06-28'])
      dropped.push(...(await maintainPositions(pool, 30, at(`${day}T00:00:00Z`))).dropped);
    expect(dropped).toEqual(expect.arrayContaining(['2031-05-25']));

    const report = await maintainPositions(pool, 30, now);
    // 05-31 ends before the window starts; 06-01 still holds rows inside it.
    expect(report.dropped).toEqual(['2031-05-31']);
    expect((await placed('244000020')).map(([ts]) => ts)).toEqual([
      '2031-06-01T13:00:00.000Z',
      '2031-06-30T08:00:00.000Z',
    ]);
    // No day partition older than the window's first day is left.
    expect((await partitionDays(pool)).filter((d) => d < '2031-06-01')).toEqual([]);
  });

  it('moves rows of a day without a partition out of the default, and expires old ones there', async () => {
    // Days the job never prepared (it did not run): the rows wait in the default partition.
    await insert('2032-01-10T06:00:00Z', '244000030');
    await insert('2032-01-12T06:00:00Z', '244000030');
    expect((await placed('244000030')).map(([, part]) => part)).toEqual([
      'positions_default',
      'positions_default',
    ]);

    const report = await maintainPositions(pool, 1, at('2032-01-12T08:00:00Z'));
    expect(report.movedFromDefault).toBe(1);
    expect(report.expiredFromDefault).toBeGreaterThanOrEqual(1);
    expect(await placed('244000030')).toEqual([['2032-01-12T06:00:00.000Z', 'positions_20320112']]);
  });

  it('lets one replica at a time do the work; the others skip, nothing is done twice', async () => {
    const now = at('2033-02-02T02:00:00Z');
    const reports = await Promise.all([1, 2, 3, 4].map(() => maintainPositions(pool, 30, now)));
    const created = reports.flatMap((r) => r.created).sort();
    expect(created).toEqual(['2033-02-02', '2033-02-03', '2033-02-04', '2033-02-05']);
    expect(reports.some((r) => r.ran)).toBe(true);
  });

  it('remembers when it last did the work, and not when a run failed', async () => {
    const logged: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(line) });
    const unreachable = createPool({
      connectionString: 'postgres://127.0.0.1:1/none',
      applicationName: 'retention-test',
      connectionTimeoutMs: 500,
    });
    try {
      const failing = new PositionRetention(unreachable, 30, logger);
      expect(await failing.run()).toBeUndefined();
      expect(failing.lastSuccessSeconds).toBe(0);
      expect(logged.join('')).toContain('position retention failed');
    } finally {
      await unreachable.end();
    }
    const working = new PositionRetention(pool, 30, logger);
    const before = Date.now() / 1000;
    expect((await working.run(at('2034-03-03T03:00:00Z')))?.ran).toBe(true);
    expect(working.lastSuccessSeconds).toBeGreaterThanOrEqual(before);
    expect(working.lastSuccessSeconds).toBeLessThanOrEqual(Date.now() / 1000);
  });
});

describe('position retention in the API', () => {
  it('prepares the partitions at start-up, so ingest lands in its day', async () => {
    const t = await startTestApi('retention_api');
    try {
      const days = await partitionDays(t.pool);
      for (let i = 0; i <= daysAhead; i++) expect(days).toContain(utcDay(Date.now() + i * 86_400_000));
      const token = t.tokens.operator;
      const vessel = (await t.request('POST', '/api/v1/vessels', { token, body: vesselBody() })).body;
      const ts = new Date().toISOString();
      const answer = await t.request('POST', '/api/v1/positions', {
        token,
        body: [{ mmsi: vessel.mmsi, ts, lat: 39.4, lon: -0.3 }],
      });
      expect(answer.body).toEqual({ accepted: 1, rejected: [] });
      const { rows } = await t.pool.query<{ part: string }>(
        'SELECT tableoid::regclass::text AS part FROM positions WHERE mmsi = $1',
        [vessel.mmsi],
      );
      expect(rows).toEqual([{ part: `positions_${utcDay(Date.parse(ts)).replaceAll('-', '')}` }]);
      // The start-up run is on record for PositionRetentionFailing.
      const scrape = await (await fetch(`${t.api.url}/metrics`)).text();
      const done = Number(
        /^porttrack_position_retention_last_success_timestamp_seconds (\S+)$/m.exec(scrape)?.[1],
      );
      expect(Date.now() / 1000 - done).toBeLessThan(600);
    } finally {
      await t.close();
    }
  });
});
