import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoPort } from '../../seed/demo-port.ts';
import { startTestApi, type TestApi } from '../../testing/test-api.ts';

// The two reads of issue 23 (item 5) must not change one byte: their answers on the demo port
// (seeded at a fixed time with its fixed PRNG seed, so every run makes the same port) were
// recorded before any change to them, bodies and the headers a client or cache acts on. Any
// later change to how they are made must give these bytes. RECORD_ANSWERS=1 writes the file
// anew: only when an answer is meant to change, and the diff shows how.
const recorded = new URL('./recorded-answers.json', import.meta.url);
const paths = ['/api/v1/vessels?limit=50', '/api/v1/vessels/1', '/api/v1/vessels/2'];
const headers = ['content-type', 'content-length', 'etag', 'cache-control', 'vary', 'last-modified'];

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi('vessel_recorded');
  await seedDemoPort(t.pool, { now: new Date('2026-12-01T12:00:00.000Z') });
  // The seed leaves the vessels' timestamps to PostgreSQL's now(): fixed here, microseconds
  // included (the answer shows milliseconds), so every run makes the same bytes.
  await t.pool.query(
    `UPDATE vessels SET created_at = timestamptz '2026-11-01 08:00:00.123456+00' + id * interval '61.5 s',
                        updated_at = timestamptz '2026-11-20 08:00:00.999999+00' + id * interval '1 min'`,
  );
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function answer(path: string) {
  const response = await fetch(`${t.api.url}${path}`, {
    headers: { authorization: `Bearer ${t.tokens.viewer}` },
  });
  return {
    status: response.status,
    headers: Object.fromEntries(headers.map((name) => [name, response.headers.get(name)])),
    body: await response.text(),
  };
}

it('answers the recorded bytes, made and then kept', async () => {
  const made = Object.fromEntries(await Promise.all(paths.map(async (p) => [p, await answer(p)] as const)));
  const kept = Object.fromEntries(await Promise.all(paths.map(async (p) => [p, await answer(p)] as const)));
  if (process.env.RECORD_ANSWERS === '1') writeFileSync(recorded, `${JSON.stringify(made, null, 2)}\n`);
  const expected = JSON.parse(readFileSync(recorded, 'utf8')) as typeof made;
  expect(made).toEqual(expected);
  expect(kept).toEqual(expected);
}, 60_000);
