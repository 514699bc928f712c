import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Env } from '../../lib/config/env.ts';
import { createTestDatabase, type TestDatabase } from '../../lib/testing/database.ts';
import { hashPassword } from '../domain/auth/passwords.ts';
import { Conformance } from '../openapi/conformance.ts';
import { openApiDocument } from '../openapi/document.ts';
import { upsertUser } from '../domain/users/store.ts';
import { imoCheckDigit } from '../domain/vessels/identifiers.ts';
import { startApi, type ApiService } from '../server.ts';

export const redisUrl = process.env.PORTTRACK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const passwords = {
  admin: 'admin-password-1',
  operator: 'operator-password-1',
  viewer: 'viewer-password-1',
};

// Test answers are inspected field by field; typing every body would only restate the API.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface HttpAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestApi {
  api: ApiService;
  database: TestDatabase;
  /** A pool of its own for assertions on the database. */
  pool: pg.Pool;
  tokens: { admin: string; operator: string; viewer: string };
  /** This run's Redis key prefix. */
  redisPrefix: string;
  /** The API's token key, for tests that forge edge cases (a token about to expire). */
  tokenSecret: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<HttpAnswer<T>>;
  close(): Promise<void>;
}

export interface RequestOptions {
  token?: string | undefined;
  body?: unknown;
  /** Sent as is (no JSON encoding); give the content type in headers. */
  raw?: string;
  headers?: Record<string, string>;
}

/**
 * The environment of an API under test: its own database and Redis key prefix, no demo data,
 * a known admin, a fresh token secret.
 */
export function testApiEnv(databaseUrl: string, redisPrefix: string): Env {
  return {
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: redisPrefix,
    PORTTRACK_SEED_DEMO: 'false',
    PORTTRACK_ADMIN_EMAIL: 'admin@test.local',
    PORTTRACK_ADMIN_PASSWORD: passwords.admin,
    PORTTRACK_TOKEN_SECRET: randomBytes(32).toString('hex'),
  };
}

/**
 * The real API on a database of its own, real Redis under a random key prefix, demo seeding
 * off, and one logged-in user per role. close() stops it and removes the database and keys.
 */
export async function startTestApi(
  name: string,
  env: Env = {},
  options: { databasePort?: number } = {},
): Promise<TestApi> {
  const database = await createTestDatabase(`api_${name}`);
  const prefix = `pttest:${randomBytes(4).toString('hex')}:`;
  // The API may reach the database through a relay the test controls; assertions go direct.
  const apiDatabaseUrl = new URL(database.url);
  if (options.databasePort) apiDatabaseUrl.port = String(options.databasePort);
  const apiEnv: Env = {
    ...testApiEnv(apiDatabaseUrl.toString(), prefix),
    PORTTRACK_RATE_LIMIT_PER_MINUTE: '0',
    PORTTRACK_LOGIN_RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'silent',
    ...env,
  };
  const api = await startApi(apiEnv);
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  // pool.end() resolves before its sockets close: the DROP ... WITH (FORCE) that follows may
  // terminate one, and pg re-emits that on the pool, uncaught without a listener.
  pool.on('error', () => undefined);
  const q = {
    query: async (_op: string, sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows,
  };
  await upsertUser(q, 'operator@test.local', 'operator', await hashPassword(passwords.operator));
  await upsertUser(q, 'viewer@test.local', 'viewer', await hashPassword(passwords.viewer));
  const request = (method: string, path: string, options: RequestOptions = {}) =>
    send(api.url, method, path, options);
  const login = async (email: string, password: string) => {
    const answer = await request('POST', '/api/v1/auth/login', { body: { email, password } });
    if (answer.status !== 200)
      throw new Error(`login ${email}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.token as string;
  };
  const tokens = {
    admin: await login('admin@test.local', passwords.admin),
    operator: await login('operator@test.local', passwords.operator),
    viewer: await login('viewer@test.local', passwords.viewer),
  };
  return {
    api,
    database,
    pool,
    tokens,
    redisPrefix: prefix,
    tokenSecret: apiEnv.PORTTRACK_TOKEN_SECRET as string,
    request,
    async close() {
      await api.stop();
      await pool.end();
      await database.drop();
      await deleteKeys(prefix);
    },
  };
}

export async function send(
  base: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  // Every answer the API suite receives must be one the OpenAPI document describes.
  conformance ??= new Conformance(openApiDocument());
  const problem = conformance.check(method, path, res.status, res.headers.get('content-type'), parsed);
  if (problem) throw new Error(`contract: ${problem}`);
  return { status: res.status, body: parsed, headers: res.headers };
}

let conformance: Conformance | undefined;

export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/** A valid IMO number from a 6-digit prefix. */
export const imo = (prefix: number) => {
  const digits = String(prefix).padStart(6, '0');
  return digits + String(imoCheckDigit(digits));
};

let serial = 0;
/** Body for POST /vessels with unique identifiers. */
export function vesselBody(overrides: Record<string, unknown> = {}) {
  serial += 1;
  const n = ((process.pid * 1000 + serial) % 900_000) + 100_000;
  return {
    imo: imo(n),
    mmsi: String(200_000_000 + n),
    name: `TEST VESSEL ${serial}`,
    type: 'container',
    flag: 'PA',
    gross_tonnage: 50_000,
    length_m: 250,
    ...overrides,
  };
}
