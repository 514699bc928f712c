import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticVessel } from '../lib/domain/synthetic-vessel.ts';
import { ingestPosition, loginListVessels } from '../synthetics/journeys/index.ts';
import { runJourney } from '../synthetics/runner/run-journey.ts';
import { startTestApi, type TestApi, vesselBody } from './testing/test-api.ts';

// The probe account (PORTTRACK_PROBE_EMAIL) gets the `probe` role and the reserved synthetic
// vessel at start: it runs the journeys and nothing else, and moves no real vessel.
const probe = { email: 'probe@test.local', password: 'probe-password-1' };
let t: TestApi;
let token: string;
let realVessel: { id: number; mmsi: string };
beforeAll(async () => {
  t = await startTestApi('probe_role', {
    PORTTRACK_PROBE_EMAIL: probe.email,
    PORTTRACK_PROBE_PASSWORD: probe.password,
  });
  token = (await t.request('POST', '/api/v1/auth/login', { body: probe })).body.token;
  realVessel = (await t.request('POST', '/api/v1/vessels', { token: t.tokens.operator, body: vesselBody() }))
    .body;
});
afterAll(() => t?.close());

const as = (method: string, path: string, body?: unknown) =>
  t.request(method, `/api/v1${path}`, { token, ...(body === undefined ? {} : { body }) });
const report = (mmsi: string) => ({ mmsi, ts: new Date().toISOString(), lat: 39.2, lon: -0.05 });

describe('the probe role', () => {
  it('is what the probe account gets, and the synthetic vessel exists', async () => {
    expect((await as('GET', '/auth/me')).body.role).toBe('probe');
    const found = await as('GET', `/vessels?q=${syntheticVessel.mmsi}`);
    expect(found.body.items).toMatchObject([{ mmsi: syntheticVessel.mmsi, imo: syntheticVessel.imo }]);
  });

  it('runs both scheduled journeys', async () => {
    for (const journey of [loginListVessels, ingestPosition]) {
      const result = await runJourney(journey, {
        baseUrl: t.api.url,
        credentials: probe,
        stepTimeoutMs: 10_000,
      });
      expect(result.failure).toBeUndefined();
      expect(result.success).toBe(true);
    }
  });

  it('reads only what the journeys read', async () => {
    for (const path of [
      '/vessels',
      `/vessels/${realVessel.id}`,
      `/vessels/${realVessel.id}/track`,
      '/positions/latest',
    ])
      expect((await as('GET', path)).status).toBe(200);
    for (const path of ['/staff', '/port-calls', '/cargo-operations', '/berths', '/users', '/audit-log']) {
      const answer = await as('GET', path);
      expect(answer.status).toBe(403);
    }
  });

  it('writes nothing but positions', async () => {
    expect((await as('POST', '/vessels', vesselBody())).status).toBe(403);
    expect((await as('PATCH', `/vessels/${realVessel.id}`, { name: 'HIJACKED' })).status).toBe(403);
    expect((await as('DELETE', `/vessels/${realVessel.id}`)).status).toBe(403);
    expect((await as('POST', '/positions/stream/tickets')).status).toBe(403);
  });

  it('posts positions for the synthetic vessel only: a real vessel does not move', async () => {
    expect((await as('POST', '/positions', [report(syntheticVessel.mmsi)])).body.accepted).toBe(1);
    for (const batch of [
      [report(realVessel.mmsi)],
      [report(syntheticVessel.mmsi), report(realVessel.mmsi)],
    ]) {
      const answer = await as('POST', '/positions', batch);
      expect(answer.status).toBe(403);
      expect(answer.body.error).toMatch(/synthetic vessel/);
    }
    const moved = await t.pool.query('SELECT count(*)::int AS n FROM positions WHERE mmsi = $1', [
      realVessel.mmsi,
    ]);
    expect(moved.rows[0].n).toBe(0);
    // An operator still reports any known vessel.
    const operator = await t.request('POST', '/api/v1/positions', {
      token: t.tokens.operator,
      body: [report(realVessel.mmsi)],
    });
    expect(operator.body.accepted).toBe(1);
  });
});
