import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, vesselBody, type HttpAnswer, type TestApi } from '../../testing/test-api.ts';
import { pageOf } from './latest-positions.ts';
import { checkReport, maxReportsPerRequest } from './reports.ts';

let t: TestApi;
let token: string;
let vessel: { id: number; mmsi: string };
let other: { id: number; mmsi: string };
const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

beforeAll(async () => {
  t = await startTestApi('tracking');
  token = t.tokens.operator;
  vessel = (await t.request('POST', '/api/v1/vessels', { token, body: vesselBody() })).body;
  other = (await t.request('POST', '/api/v1/vessels', { token, body: vesselBody() })).body;
});
afterAll(() => t?.close());

describe('position report validation', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');
  const good = { mmsi: '244123456', ts: '2026-06-01T11:59:00Z', lat: 51.9, lon: 4.1 };
  it('gives one bounded reason per bad report', () => {
    expect(checkReport(good, now)).toMatchObject({ mmsi: '244123456', sog: null });
    expect(checkReport({ ...good, mmsi: 244123456 }, now)).toMatchObject({ mmsi: '244123456' });
    expect(checkReport({ ...good, mmsi: '24412345' }, now)).toBe('invalid_mmsi');
    expect(checkReport({ ...good, lat: 90.1 }, now)).toBe('invalid_lat');
    expect(checkReport({ ...good, lon: '4' }, now)).toBe('invalid_lon');
    expect(checkReport({ ...good, ts: '2026-06-01T13:00:00Z' }, now)).toBe('ts_in_future');
    // A small tolerance for clock skew (30 s by default), nothing that could pin a latest position.
    expect(checkReport({ ...good, ts: '2026-06-01T12:00:29Z' }, now)).toMatchObject({ mmsi: '244123456' });
    expect(checkReport({ ...good, ts: '2026-06-01T12:00:31Z' }, now)).toBe('ts_in_future');
    expect(checkReport({ ...good, ts: '2026-06-01T12:00:31Z' }, now, 60_000)).toMatchObject({ lat: 51.9 });
    expect(checkReport({ ...good, ts: '2020-01-01T00:00:00Z' }, now)).toBe('ts_too_old');
    expect(checkReport({ ...good, ts: 'yesterday' }, now)).toBe('invalid_ts');
    expect(checkReport({ ...good, heading: 511 }, now)).toMatchObject({ heading: 511 });
    expect(checkReport({ ...good, heading: 360 }, now)).toBe('invalid_heading');
    expect(checkReport({ ...good, nav_status: 1.5 }, now)).toBe('invalid_nav_status');
    expect(checkReport([good], now)).toBe('not_an_object');
  });
});

const chunk = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

describe('pageOf', () => {
  const byMmsi = { '300000000': 'c', '100000000': 'a', '200000000': 'b' };
  it('pages in MMSI order after the cursor, with the next cursor while more follow', () => {
    expect(pageOf(byMmsi, 2)).toEqual({ items: ['a', 'b'], next: '200000000' });
    expect(pageOf(byMmsi, 2, '200000000')).toEqual({ items: ['c'], next: null });
    expect(pageOf(byMmsi, 3)).toEqual({ items: ['a', 'b', 'c'], next: null });
    // A cursor that is no longer a key (the vessel left) still starts after it.
    expect(pageOf(byMmsi, 1, '150000000')).toEqual({ items: ['b'], next: '200000000' });
    expect(pageOf(byMmsi, 5, '300000000')).toEqual({ items: [], next: null });
    expect(pageOf({}, 5)).toEqual({ items: [], next: null });
  });
});

describe('tracking', () => {
  it('stores valid reports, rejects invalid ones with reasons, and keeps the newest as latest', async () => {
    const reports = [
      {
        mmsi: vessel.mmsi,
        ts: ago(60),
        lat: 39.4,
        lon: -0.3,
        sog: 10.5,
        cog: 90,
        heading: 88,
        nav_status: 0,
      },
      { mmsi: vessel.mmsi, ts: ago(30), lat: 39.41, lon: -0.31 },
      { mmsi: vessel.mmsi, ts: ago(10), lat: 91, lon: 0 },
      { mmsi: '123', ts: ago(10), lat: 0, lon: 0 },
      { mmsi: other.mmsi, ts: ago(20), lat: 10, lon: 10 },
      // Not in the inventory: refused, never stored.
      { mmsi: '999000111', ts: ago(20), lat: 11, lon: 11 },
      // Minutes ahead: would pin the vessel's latest position.
      { mmsi: vessel.mmsi, ts: new Date(Date.now() + 5 * 60_000).toISOString(), lat: 1, lon: 1 },
    ];
    const answer = await t.request('POST', '/api/v1/positions', { token, body: reports });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      accepted: 3,
      rejected: [
        { index: 2, reason: 'invalid_lat' },
        { index: 3, reason: 'invalid_mmsi' },
        { index: 5, reason: 'unknown_vessel' },
        { index: 6, reason: 'ts_in_future' },
      ],
    });

    // An older report arriving late goes to history but does not move the latest position back.
    await t.request('POST', '/api/v1/positions', {
      token,
      body: [{ mmsi: vessel.mmsi, ts: ago(120), lat: 39.3, lon: -0.2 }],
    });
    const latest = await t.request('GET', '/api/v1/positions/latest', { token: t.tokens.viewer });
    const mine = latest.body.items.find((p: { mmsi: string }) => p.mmsi === vessel.mmsi);
    expect(mine).toMatchObject({ vessel_id: vessel.id, lat: 39.41, lon: -0.31 });
    expect(latest.body.count).toBe(2);
    const row = await t.pool.query('SELECT lat FROM vessel_latest_positions WHERE mmsi = $1', [vessel.mmsi]);
    expect(row.rows[0].lat).toBe(39.41);

    const boxed = await t.request('GET', '/api/v1/positions/latest?bbox=5,5,15,15', { token });
    expect(boxed.body.items.map((p: { mmsi: string }) => p.mmsi)).toEqual([other.mmsi]);
    const unknown = await t.pool.query(`SELECT count(*)::int AS n FROM positions WHERE mmsi = '999000111'`);
    expect(unknown.rows[0].n).toBe(0);
    expect((await t.request('GET', '/api/v1/positions/latest?bbox=0,100,1,1', { token })).status).toBe(400);

    const track = await t.request('GET', `/api/v1/vessels/${vessel.id}/track?from=${ago(3600)}`, { token });
    expect(track.body.points.map((p: { lat: number }) => p.lat)).toEqual([39.3, 39.4, 39.41]);
    expect((await t.request('GET', '/api/v1/vessels/999999/track', { token })).status).toBe(404);

    // History keeps its vessel: deleting a vessel with positions is a conflict, not a 500.
    const remove = await t.request('DELETE', `/api/v1/vessels/${vessel.id}`, { token });
    expect(remove.status).toBe(409);
    expect(remove.body.reason).toBe('referenced_record');

    const metrics = await (await fetch(`${t.api.url}/metrics`)).text();
    expect(metrics).toContain('porttrack_positions_ingested_total 4');
    expect(metrics).toContain('porttrack_positions_rejected_total{reason="invalid_lat"} 1');
    expect(metrics).toMatch(/porttrack_position_ingest_lag_seconds_count 4/);
  });

  it('pages the latest positions in MMSI order with a cursor, and refuses a bad limit or cursor', async () => {
    const fleet: { mmsi: string }[] = [];
    for (let i = 0; i < 5; i++)
      fleet.push((await t.request('POST', '/api/v1/vessels', { token, body: vesselBody() })).body);
    // Five vessels in a box of their own, far from the others.
    const reports = fleet.map((v, i) => ({ mmsi: v.mmsi, ts: ago(5), lat: -40 + i / 100, lon: 170 }));
    expect((await t.request('POST', '/api/v1/positions', { token, body: reports })).body.accepted).toBe(5);

    const walk = async (query: string) => {
      type Page = { items: { mmsi: string }[]; count: number; next_cursor: string | null };
      const pages: Page[] = [];
      let cursor: string | null = null;
      do {
        const answer: HttpAnswer<Page> = await t.request<Page>(
          'GET',
          `/api/v1/positions/latest?${query}${cursor ? `&cursor=${cursor}` : ''}`,
          { token },
        );
        expect(answer.status).toBe(200);
        pages.push(answer.body);
        cursor = answer.body.next_cursor;
      } while (cursor && pages.length < 50);
      return pages;
    };
    const whole = (await t.request('GET', '/api/v1/positions/latest?limit=500', { token })).body;
    expect(whole.next_cursor).toBeNull();
    const mmsis = whole.items.map((p: { mmsi: string }) => p.mmsi);
    expect(mmsis).toEqual([...mmsis].sort());
    expect(mmsis).toEqual(expect.arrayContaining(fleet.map((v) => v.mmsi)));

    const pages = await walk('limit=2');
    expect(pages.flatMap((p) => p.items.map((i) => i.mmsi))).toEqual(mmsis);
    expect(pages.map((p) => p.count)).toEqual(pages.map((p) => p.items.length));
    expect(pages.slice(0, -1).every((p) => p.count === 2 && p.next_cursor === p.items[1]?.mmsi)).toBe(true);

    const boxed = await walk('limit=2&bbox=169,-41,171,-39');
    expect(boxed.map((p) => p.items.map((i) => i.mmsi))).toEqual(chunk(fleet.map((v) => v.mmsi).sort(), 2));
    expect(boxed.at(-1)?.next_cursor).toBeNull();

    // The default page, and a cursor past the last MMSI.
    expect(
      (await t.request('GET', '/api/v1/positions/latest?bbox=169,-41,171,-39', { token })).body.count,
    ).toBe(5);
    const after = await t.request('GET', '/api/v1/positions/latest?cursor=999999999', { token });
    expect(after.body).toEqual({ items: [], count: 0, next_cursor: null });

    for (const query of ['limit=0', 'limit=501', 'limit=ten', 'cursor=24400', 'cursor=abcdefghi', 'page=2']) {
      const bad = await t.request('GET', `/api/v1/positions/latest?${query}`, { token });
      expect([query, bad.status]).toEqual([query, 400]);
      if (query !== 'page=2') expect(bad.body.details[0].path).toBe(`query.${query.split('=')[0]}`);
    }
  });

  it('reads NDJSON, rejects a malformed line by index, and refuses oversized batches', async () => {
    const lines = [
      JSON.stringify({ mmsi: vessel.mmsi, ts: ago(5), lat: 39.5, lon: -0.3 }),
      '{"mmsi":',
      '',
    ].join('\n');
    const answer = await t.request('POST', '/api/v1/positions', {
      token,
      raw: lines,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(answer.body).toEqual({ accepted: 1, rejected: [{ index: 1, reason: 'malformed_json' }] });

    const big = Array.from({ length: maxReportsPerRequest + 1 }, () => ({
      mmsi: vessel.mmsi,
      ts: ago(5),
      lat: 1,
      lon: 1,
    }));
    expect((await t.request('POST', '/api/v1/positions', { token, body: big })).status).toBe(413);
    const none = await t.request('POST', '/api/v1/positions', { token, body: [{ mmsi: 'x' }] });
    expect(none.status).toBe(400);
    expect(none.body.details[0]).toEqual({ path: 'body[0]', message: 'invalid_mmsi' });
    expect(
      (
        await t.request('POST', '/api/v1/positions', {
          token,
          raw: 'x',
          headers: { 'content-type': 'text/csv' },
        })
      ).status,
    ).toBe(415);
    expect((await t.request('POST', '/api/v1/positions', { token: t.tokens.viewer, body: [] })).status).toBe(
      403,
    );
  });

  it('streams position updates over server-sent events', async () => {
    const abort = new AbortController();
    const { ticket } = (
      await t.request('POST', '/api/v1/positions/stream/tickets', { token: t.tokens.viewer })
    ).body;
    const res = await fetch(`${t.api.url}/api/v1/positions/stream?ticket=${ticket}`, {
      signal: abort.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    await reader.read(); // ": connected"
    await t.request('POST', '/api/v1/positions', {
      token,
      body: [{ mmsi: vessel.mmsi, ts: ago(1), lat: 39.6, lon: -0.3 }],
    });
    const deadline = Date.now() + 5000;
    while (!received.includes('event: position') && Date.now() < deadline) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<{ value?: undefined }>((r) => setTimeout(() => r({}), 500)),
      ]);
      if (chunk.value) received += decoder.decode(chunk.value);
    }
    // An open stream is a client, not a request stuck in flight (the scrape itself is the one).
    const metrics = await (await fetch(`${t.api.url}/metrics`)).text();
    abort.abort();
    expect(metrics).toContain('porttrack_position_stream_clients 1');
    expect(metrics).toMatch(/^http_requests_in_flight 1$/m);
    expect(received).toContain('event: position');
    expect(received).toContain('"lat":39.6');
  });
});
