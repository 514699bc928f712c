import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { seedDemoPort } from '../../api/seed/demo-port.ts';
import { migrationsDir } from '../../api/server.ts';
import { migrate } from '../../lib/db/migrate.ts';
import { createPool } from '../../lib/db/pool.ts';

// What every API benchmark process shares: one demo-seeded database, one Redis prefix, one
// password and token secret per run.
export const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const password = randomBytes(12).toString('hex');
const tokenSecret = randomBytes(32).toString('hex');

export async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'operator@porttrack.local', password }),
  });
  if (!response.ok) throw new Error(`login answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

export async function prepareDatabase(url: string): Promise<void> {
  const pool = createPool({ connectionString: url, applicationName: 'bench-api' });
  try {
    await migrate(pool, { dir: migrationsDir, table: 'schema_migrations' });
    const seeded = await seedDemoPort(pool);
    console.log(
      `demo port seeded: ${seeded.vessels} vessels, ${seeded.portCalls} port calls, ${seeded.positions} positions`,
    );
  } finally {
    await pool.end();
  }
}

export async function vesselIds(url: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; mmsi: string }>(
      'SELECT id, mmsi FROM vessels ORDER BY id',
    );
    return new Map(rows.map((r) => [r.mmsi, Number(r.id)]));
  } finally {
    await client.end();
  }
}

/** Environment of every API process: this run's database and Redis prefix, rate limits off. */
export const apiEnv = (databaseUrl: string, prefix: string) => ({
  NODE_ENV: 'development',
  PORT: '0',
  LOG_LEVEL: 'warn',
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  REDIS_KEY_PREFIX: prefix,
  PORTTRACK_DEMO_PASSWORD: password,
  PORTTRACK_TOKEN_SECRET: tokenSecret,
  // Rate limits would turn a load test into a 429 test.
  PORTTRACK_RATE_LIMIT_PER_MINUTE: '0',
  PORTTRACK_LOGIN_RATE_LIMIT_PER_MINUTE: '0',
});

export /** Removes what the APIs left in Redis under this run's key prefix. */
async function dropKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
