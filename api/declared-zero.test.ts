import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../lib/catalog/api.ts';
import { declaredSeries } from '../lib/testing/declared-series.ts';
import { createTestDatabase, type TestDatabase } from '../lib/testing/database.ts';
import { parseScrape, type Scrape } from '../lib/testing/scrape-text.ts';
import { type ServiceChild, startServiceChild } from '../lib/testing/service-child.ts';

// The API as `npm run api` runs it, on a database of its own, scraped before any request: every
// label combination the catalog declares for its closed-label metrics is already there.
const port = Number(process.env.PORTTRACK_TEST_DECLARED_ZERO_API_PORT ?? 22010);
let database: TestDatabase;
let child: ServiceChild | undefined;
let scrape: Scrape;

beforeAll(async () => {
  database = await createTestDatabase('declared_zero_api');
  child = await startServiceChild('api/main.ts', port, {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    PORTTRACK_SEED_DEMO: 'false',
    PORTTRACK_TOKEN_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
  });
  scrape = parseScrape(await (await fetch(`${child.url}/metrics`)).text());
}, 90_000);

afterAll(async () => {
  await child?.stop();
  await database?.drop();
});

describe('the API before any request', () => {
  it('publishes every declared combination of its closed-label counters at 0', () => {
    const counters = declaredSeries(
      Object.values(api).filter((d) => d.type === 'counter'),
      scrape,
    );
    // Logins by result, port-call events by type, completed cargo by category, rejected positions
    // by reason, rate limiters, cache look-ups: not vacuous.
    expect(new Set(counters.map((s) => s.def.name)).size).toBeGreaterThanOrEqual(6);
    const notZero = counters
      .filter((s) => s.value !== 0)
      .map((s) => `${s.def.name}${JSON.stringify(s.labels)} = ${s.value}`);
    expect(notZero).toEqual([]);
  });

  it('publishes the pool gauge for every declared state', () => {
    const states = declaredSeries([api.dbPoolClients], scrape);
    expect(states.map((s) => s.labels.state)).toEqual(['total', 'idle', 'waiting']);
    for (const s of states) expect(s.value, s.labels.state).toBeGreaterThanOrEqual(0);
  });
});
