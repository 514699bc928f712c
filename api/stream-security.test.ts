import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { waitFor } from '../lib/testing/wait.ts';
import { createTokenSigner } from './domain/auth/tokens.ts';
import { redisUrl, startTestApi, type TestApi } from './testing/test-api.ts';
import { readUntil } from './testing/read-until.ts';

// The live stream's abuse paths: tokens in URLs, unbounded streams, streams outliving their
// token, and hostile messages on the shared Redis channel.
let t: TestApi;
beforeAll(async () => {
  t = await startTestApi('stream_security', {
    PORTTRACK_STREAM_MAX_PER_USER: '2',
    PORTTRACK_STREAM_MAX_CLIENTS: '3',
    PORTTRACK_TOKEN_TTL_SECONDS: '60',
  });
});
afterAll(() => t?.close());

const open: AbortController[] = [];
afterAll(() => open.forEach((c) => c.abort()));

async function ticketFor(token: string): Promise<string> {
  const answer = await t.request('POST', '/api/v1/positions/stream/tickets', { token });
  expect(answer.status).toBe(201);
  return answer.body.ticket;
}

/** Opens a stream; resolves with its status and a reader when it answered. */
async function stream(query: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  open.push(controller);
  const res = await fetch(`${t.api.url}/api/v1/positions/stream${query}`, {
    headers,
    signal: controller.signal,
  });
  return { status: res.status, res, close: () => controller.abort() };
}

describe('stream credentials', () => {
  it('refuses a token in the URL and accepts a ticket, which opens nothing else', async () => {
    expect((await stream(`?access_token=${t.tokens.viewer}`)).status).toBe(401);
    const ticket = await ticketFor(t.tokens.viewer);
    // A ticket is not a token.
    expect((await t.request('GET', '/api/v1/vessels', { token: ticket })).status).toBe(401);
    // A token is not a ticket.
    expect((await stream(`?ticket=${t.tokens.viewer}`)).status).toBe(401);
    const s = await stream(`?ticket=${ticket}`);
    expect(s.status).toBe(200);
    s.close();
  });

  it('ends a stream within a heartbeat (15 s) of its token being revoked', async () => {
    const email = 'revoked.board@test.local';
    const password = 'revoked-board-pass';
    const created = await t.request('POST', '/api/v1/users', {
      token: t.tokens.admin,
      body: { email, role: 'viewer', password },
    });
    const token = (await t.request('POST', '/api/v1/auth/login', { body: { email, password } })).body.token;
    const s = await stream(`?ticket=${await ticketFor(token)}`);
    expect(s.status).toBe(200);
    await t.request('PATCH', `/api/v1/users/${created.body.id}`, {
      token: t.tokens.admin,
      body: { disabled: true },
    });
    const started = Date.now();
    await readUntil(s.res, 'never', 25_000);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 40_000);

  it('ends a stream when its token expires', async () => {
    // A token about to expire, from the API's own key (the test knows it). Tickets carry whole
    // seconds, so a token with 1 s left may already be refused: give it 3 s, and time the end of
    // the stream from the token's own expiry, not from when the test happened to open it.
    const signer = createTokenSigner({ current: t.tokenSecret }, 60);
    const viewer = (await t.request('GET', '/api/v1/auth/me', { token: t.tokens.viewer })).body;
    const expiresAtMs = Date.now() + 3000;
    const shortLived = signer.signTicket({ user: viewer, version: 1, expiresAtMs });
    const s = await stream(`?ticket=${shortLived.ticket}`);
    expect(s.status).toBe(200);
    await readUntil(s.res, 'never', expiresAtMs - Date.now() + 4000);
    expect(Date.now() - expiresAtMs).toBeLessThan(2500);
  });
});

describe('stream limits', () => {
  it('caps streams per user and per replica', async () => {
    const a = await stream('', { authorization: `Bearer ${t.tokens.viewer}` });
    const b = await stream('', { authorization: `Bearer ${t.tokens.viewer}` });
    expect([a.status, b.status]).toEqual([200, 200]);
    const third = await stream('', { authorization: `Bearer ${t.tokens.viewer}` });
    expect(third.status).toBe(429);
    expect(third.res.headers.get('retry-after')).not.toBeNull();
    expect((await third.res.json()).reason).toBe('too_many_streams');
    const c = await stream('', { authorization: `Bearer ${t.tokens.operator}` });
    expect(c.status).toBe(200);
    const full = await stream('', { authorization: `Bearer ${t.tokens.admin}` });
    expect(full.status).toBe(503);
    expect((await full.res.json()).reason).toBe('stream_capacity');
    for (const s of [a, b, c]) s.close();
    await waitFor(async () => {
      const metrics = await (await fetch(`${t.api.url}/metrics`)).text();
      return metrics.includes('porttrack_position_stream_clients 0');
    }, 'streams closed');
  });

  it('survives hostile messages on the shared channel and keeps streaming', async () => {
    const s = await stream('', { authorization: `Bearer ${t.tokens.viewer}` });
    expect(s.status).toBe(200);
    const redis = new Redis(redisUrl);
    try {
      const channel = `${t.redisPrefix}positions`;
      await waitFor(async () => (await redis.publish(channel, 'not json')) > 0, 'the replica subscribed');
      for (const hostile of ['{"mmsi":"1"}', 'null', '42', '[null, 1, "x", {"no":"mmsi"}]'])
        await redis.publish(channel, hostile);
      await redis.publish(channel, JSON.stringify([{ mmsi: '244000001', lat: 1, lon: 2 }]));
    } finally {
      redis.disconnect();
    }
    const received = await readUntil(s.res, '244000001');
    expect(received).toContain('"mmsi":"244000001"');
    expect(received.match(/event: position/g)).toHaveLength(1);
    s.close();
    expect((await t.request('GET', '/healthz')).status).toBe(200);
  });
});
