import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './testing/test-api.ts';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi('http_metrics');
});
afterAll(() => t?.close());

const seriesLine = /^http_request_duration_seconds_count\{(.*)\} \d+/;

async function durationSeries(): Promise<string[]> {
  const text = await (await fetch(`${t.api.url}/metrics`)).text();
  return text
    .split('\n')
    .map((line) => seriesLine.exec(line)?.[1])
    .filter((labels): labels is string => labels !== undefined)
    .sort();
}

/** Requests whose paths, ids, case and query strings are random, in every shape a client can try. */
async function hostileRound() {
  const r = () => randomBytes(6).toString('hex');
  const n = () => String(1 + Math.floor(Math.random() * 1e9));
  const { viewer, admin } = t.tokens;
  const paths = [
    `/${r()}`,
    `/api/v1/${r()}`,
    `/api/v1/vessels/${n()}`,
    `/api/v1/vessels/${r()}`,
    `/api/v1/vessels/${n()}/track`,
    `/api/v1/port-calls/${n()}`,
    `/API/V1/VESSELS/${n()}`,
    `/api/v1/vessels/${n()}/`,
    `/api/v1/vessels?${r()}=${r()}`,
    `/api/v1/vessels/${n()}/${r()}`,
    `/healthz/${r()}`,
    `/%${r()}`,
  ];
  for (const path of paths) {
    await t.request('GET', path, { token: viewer });
    await t.request('DELETE', path, { token: admin });
  }
  await t.request('POST', `/api/v1/port-calls/${n()}/events`, {
    token: admin,
    body: { type: 'arrived', at: '2026-01-01T00:00:00Z' },
  });
  await t.request('GET', '/api/v1/vessels', {
    token: viewer,
    headers: { traceparent: `00-${r()}${r()}${r()}-00-01` },
  });
  await fetch(`${t.api.url}/api/v1/vessels/${n()}`, { method: 'PURGE' }).catch(() => undefined);
}

describe('http_request_duration_seconds', () => {
  it('labels by route template, so random paths and ids create no new series', async () => {
    await hostileRound();
    await durationSeries(); // the scrape itself is a series
    const before = await durationSeries();
    await hostileRound();
    await hostileRound();
    const after = await durationSeries();
    expect(after).toEqual(before);

    const routes = new Set(after.map((labels) => /route="([^"]*)"/.exec(labels)?.[1]));
    expect(routes).toContain('/api/v1/vessels/:id');
    expect(routes).toContain('unmatched');
    for (const route of routes)
      expect(route).toMatch(/^(unmatched|\/healthz|\/readyz|\/metrics|\/api\/v1(\/[a-z-]+|\/:id)*)$/);
    const methods = new Set(after.map((labels) => /method="([^"]*)"/.exec(labels)?.[1]));
    expect([...methods].every((m) => ['GET', 'DELETE', 'POST', 'OTHER'].includes(m!))).toBe(true);
  });

  it('counts injected faults under the real route template', async () => {
    const put = (body: unknown) => t.request('PUT', '/internal/faults', { body });
    expect((await put({ error_rate: 1 })).body).toEqual({ error_rate: 1, latency_ms: 0 });
    const failed = await t.request('GET', '/api/v1/vessels/1', { token: t.tokens.viewer });
    expect(failed.status).toBe(500);
    expect(failed.body.error).toBe('injected fault');
    // Probes are outside /api/v1 and stay healthy during a drill.
    expect((await t.request('GET', '/healthz')).status).toBe(200);
    expect((await put({ error_rate: 0 })).status).toBe(200);
    expect((await t.request('GET', '/internal/faults')).body).toEqual({ error_rate: 0, latency_ms: 0 });
    expect((await t.request('GET', '/api/v1/vessels/1', { token: t.tokens.viewer })).status).toBe(404);
    expect(await durationSeries()).toContain('method="GET",route="/api/v1/vessels/:id",status_code="500"');
  });

  it('exports the rest of the api catalog group', async () => {
    const text = await (await fetch(`${t.api.url}/metrics`)).text();
    for (const name of [
      'http_requests_in_flight',
      'porttrack_db_pool_clients{state="idle"}',
      'porttrack_db_query_duration_seconds_bucket{le="0.001",operation="vessels.get"}',
      'porttrack_build_info{service="api"',
      'process_cpu_seconds_total',
      'porttrack_auth_active_users',
      'porttrack_position_stream_clients 0',
    ])
      expect(text).toContain(name);
  });
});
