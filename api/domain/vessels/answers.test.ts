import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageText } from '../../platform/json-sql.ts';
import { seedDemoPort } from '../../seed/demo-port.ts';
import { startTestApi, type TestApi } from '../../testing/test-api.ts';
import type { VesselQuery } from './schemas.ts';
import * as store from './store.ts';

// GET /vessels and /vessels/:id answer JSON text that PostgreSQL writes (api/platform/json-sql.ts).
// Before, the API read the rows through pg's type parsers and sent them with res.json, which is
// JSON.stringify of the page: that path is still here (store.listVessels, store.findVessel), so
// this test runs both side by side on the demo port, plus vessels written to hit every case the
// two serialisers could disagree on, and requires the same bytes.

let t: TestApi;
/** The same database through sessions in another time zone (+05:45): instants, not clock text. */
let elsewhere: pg.Pool;
const pools = () => [
  { name: 'default time zone', pool: t.pool },
  { name: 'Asia/Kathmandu', pool: elsewhere },
];

beforeAll(async () => {
  t = await startTestApi('vessel_answers');
  await seedDemoPort(t.pool, { now: new Date('2026-06-01T08:00:00.123Z') });
  const url = new URL(t.database.url);
  url.searchParams.set('options', '-c TimeZone=Asia/Kathmandu');
  elsewhere = new pg.Pool({ connectionString: url.toString(), max: 2 });
  elsewhere.on('error', () => undefined);
  await writeOddVessels(t.pool);
}, 120_000);
afterAll(async () => {
  await elsewhere?.end();
  await t?.close();
});

const queryable = (pool: pg.Pool) => ({
  query: async (_op: string, sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows,
});

/** What the previous handler answered: res.json(page), i.e. JSON.stringify (no replacer, no spaces). */
const before = {
  list: async (pool: pg.Pool, query: VesselQuery) =>
    JSON.stringify(await store.listVessels(queryable(pool), query)),
  one: async (pool: pg.Pool, id: number) => JSON.stringify(await store.findVessel(queryable(pool), id)),
};

const query = (q: Partial<VesselQuery> = {}): VesselQuery => ({ limit: 50, offset: 0, ...q });
const lists: VesselQuery[] = [
  query(),
  query({ offset: 50 }),
  query({ offset: 150 }),
  query({ limit: 500 }),
  query({ limit: 1, offset: 7 }),
  query({ offset: 10_000 }), // past the end: no items, the total asked for separately
  query({ type: 'tanker' }),
  query({ status: 'inactive' }),
  query({ flag: 'PA', limit: 3 }),
  query({ q: 'odd' }),
  query({ q: 'nothing matches this' }),
];

describe('vessel answers written by PostgreSQL', () => {
  it('are byte for byte what JSON.stringify made of the rows, every page and filter', async () => {
    for (const { name, pool } of pools())
      for (const q of lists) {
        const expected = await before.list(pool, q);
        const page = await store.listVesselsJson(queryable(pool), q);
        expect(pageText(page), `${name} ${JSON.stringify(q)}`).toBe(expected);
      }
  });

  it('are byte for byte the same for every vessel by id, the odd ones included', async () => {
    const ids = (await t.pool.query<{ id: string }>('SELECT id FROM vessels ORDER BY id')).rows;
    expect(ids.length).toBeGreaterThan(160);
    for (const { name, pool } of pools())
      for (const { id } of ids)
        expect(await store.findVesselJson(queryable(pool), Number(id)), `${name} vessel ${id}`).toBe(
          await before.one(pool, Number(id)),
        );
    expect(await store.findVesselJson(queryable(t.pool), 999_999)).toBeUndefined();
  });

  it('go out over HTTP as they were: same body, same content type', async () => {
    const id = Number(
      (await t.pool.query<{ id: string }>("SELECT min(id) AS id FROM vessels WHERE name LIKE 'odd%'"))
        .rows[0]!.id,
    );
    const answers = [
      { path: '/api/v1/vessels?limit=50', expected: await before.list(t.pool, query()) },
      {
        path: '/api/v1/vessels?limit=500&q=odd',
        expected: await before.list(t.pool, query({ limit: 500, q: 'odd' })),
      },
      { path: `/api/v1/vessels/${id}`, expected: await before.one(t.pool, id) },
    ];
    for (const { path, expected } of answers) {
      // The contract check of the test client, then the raw bytes.
      expect((await t.request('GET', path, { token: t.tokens.viewer })).status).toBe(200);
      const response = await fetch(`${t.api.url}${path}`, {
        headers: { authorization: `Bearer ${t.tokens.viewer}` },
      });
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(expected)));
      expect(await response.text(), path).toBe(expected);
    }
    expect((await t.request('GET', '/api/v1/vessels/999999', { token: t.tokens.viewer })).status).toBe(404);
  });
});

/**
 * Vessels the API's validation would mostly refuse, written straight to the table: every control
 * character, quotes and backslashes, characters beyond the BMP, U+2028, DEL; lengths whose numeric
 * text has trailing zeros or none; timestamps with microseconds (rounding would show), before
 * 1970, at the ends of years 1 and 9999.
 */
async function writeOddVessels(pool: pg.Pool): Promise<void> {
  const controls = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join('');
  const names = [
    `odd ${controls}`,
    'odd "quoted" \\ back\\slash / slash',
    'odd ünïcødé 漢字 🚢 \u2028 \u2029 \u007f end',
    'odd  trailing space ',
    'odd',
  ];
  const lengths = ['0.01', '0.10', '1.00', '120.50', '9999.99', '333.33'];
  const stamps = [
    '2026-06-01 08:00:00.999999+00',
    '2026-06-01 08:00:00.000001+00',
    '2026-06-01 08:00:00.0005+00',
    '1969-12-31 23:59:59.999999+00',
    '1900-02-28 12:00:00.5+05:45',
    '0001-01-01 00:00:00+00',
    '9999-12-31 23:59:59.999999+00',
  ];
  for (let i = 0; i < stamps.length; i++)
    await pool.query(
      `INSERT INTO vessels (imo, mmsi, name, type, flag, gross_tonnage, length_m, status, created_at, updated_at)
       VALUES ($1, $2, $3, 'tanker', 'PA', $4, $5, 'inactive', $6, $7)`,
      [
        String(1_000_000 + i),
        String(900_000_000 + i),
        names[i % names.length],
        2_000_000_000 + i,
        lengths[i % lengths.length],
        stamps[i],
        stamps[(i + 3) % stamps.length],
      ],
    );
}
