import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './testing/test-api.ts';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi('security', { CORS_ORIGINS: 'https://board.porttrack.example' });
});
afterAll(() => t?.close());

describe('HTTP hardening', () => {
  it('allows only the configured CORS origins', async () => {
    const allowed = await t.request('GET', '/api/v1/vessels', {
      token: t.tokens.viewer,
      headers: { origin: 'https://board.porttrack.example' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://board.porttrack.example');
    expect(allowed.headers.get('access-control-expose-headers')).toContain('x-trace-id');
    const other = await t.request('GET', '/api/v1/vessels', {
      token: t.tokens.viewer,
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await t.request('OPTIONS', '/api/v1/vessels', {
      headers: { origin: 'https://board.porttrack.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
  });

  it('sends helmet headers and no x-powered-by', async () => {
    const answer = await t.request('GET', '/healthz');
    // Which replica answered, on every answer (errors too): the drills record it for failures.
    expect(answer.headers.get('x-api-host')).toBe(hostname());
    const missing = await t.request('GET', '/api/v1/no-such-thing', { token: t.tokens.viewer });
    expect([missing.status, missing.headers.get('x-api-host')]).toEqual([404, hostname()]);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(answer.headers.get('x-powered-by')).toBeNull();
  });

  it('answers 413 over the body limit and 415 for other content types', async () => {
    const big = { code: 'X', name: 'y'.repeat(200_000), max_length_m: 1 };
    const tooLarge = await t.request('POST', '/api/v1/berths', { token: t.tokens.admin, body: big });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error).toBe('request body too large');
    const form = await t.request('POST', '/api/v1/berths', {
      token: t.tokens.admin,
      raw: 'code=X',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const count = await t.pool.query('SELECT count(*)::int AS n FROM berths');
    expect(count.rows[0].n).toBe(0);
  });
});
