import { z } from 'zod';
import {
  ConfigError,
  logLevel,
  nodeEnv,
  parseConfig,
  port,
  readSecrets,
  type Env,
  withFileSecrets,
} from '../lib/config/env.ts';
import { demoDomain } from './domain/auth/demo-users.ts';
import { readDatabaseUrl } from '../lib/config/database-url.ts';

/** true/false/1/0/yes/no, or undefined when unset so each caller picks its own default. */
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .optional()
  .transform((v) => (v === undefined ? undefined : ['true', '1', 'yes'].includes(v)));

/** The API's environment variables; exported so that the docs' tables can be checked against it. */
export const configSchema = z.object({
  PORT: port(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  NODE_ENV: nodeEnv,
  LOG_LEVEL: logLevel,
  LOKI_URL: z.url().optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, message: 'expected postgres://...' }).optional(),
  PORTTRACK_DATA_DIR: z.string().min(1).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, message: 'expected redis://...' }).optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/, 'letters, digits, _ : . - only')
    .default('porttrack:'),
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    ),
  PORTTRACK_SEED_DEMO: flag,
  PORTTRACK_FAULT_INJECTION: flag,
  PORTTRACK_HTTP_METRICS: flag,
  PORTTRACK_LOG_SAMPLE_RATE: z.coerce.number().min(0).max(1).optional(),
  PORTTRACK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(6000),
  PORTTRACK_LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(20),
  PORTTRACK_LOGIN_FREE_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  PORTTRACK_LOGIN_MAX_WAIT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  PORTTRACK_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 86400)
    .default(12 * 3600),
  PORTTRACK_STREAM_MAX_CLIENTS: z.coerce.number().int().min(1).max(100_000).default(1000),
  PORTTRACK_STREAM_MAX_PER_USER: z.coerce.number().int().min(1).max(1000).default(5),
  PORTTRACK_STREAM_BUFFER_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 << 20)
    .default(64 * 1024),
  /** How far ahead of the API's clock a report's ts may be (clock skew); later ones are refused, so none can pin a vessel's latest position. */
  PORTTRACK_INGEST_FUTURE_TOLERANCE_S: z.coerce.number().int().min(0).max(3600).default(30),
  /** Days of position history kept (whole UTC days are dropped once older; api/domain/tracking/retention.ts). */
  PORTTRACK_POSITION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  PORTTRACK_DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  PORTTRACK_ADMIN_EMAIL: z.email().optional(),
  /** The synthetic probes' account (the stack's synthetics service and deploy.sh's gate log in with it). */
  PORTTRACK_PROBE_EMAIL: z.email().optional(),
  PORTTRACK_DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  PORTTRACK_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2000),
  PORTTRACK_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(500).max(300_000).default(20_000),
  // Exactly one hop (nginx, which sets X-Forwarded-For itself) or none: trusting more would let a
  // client choose the address that rate limits and login throttling count against.
  TRUST_PROXY: z
    .enum(['0', '1'], { message: 'expected 0 (no proxy) or 1 (one proxy hop)' })
    .default('0')
    .transform(Number),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** After SIGTERM, how long the API keeps serving before it stops accepting (behind nginx: longer than its resolver's validity). */
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(60_000).default(0),
});

const secretNames = [
  'PORTTRACK_TOKEN_SECRET',
  'PORTTRACK_TOKEN_SECRET_OTHER',
  'PORTTRACK_DEMO_PASSWORD',
  'PORTTRACK_ADMIN_PASSWORD',
  'PORTTRACK_PROBE_PASSWORD',
] as const;

export type ApiConfig = ReturnType<typeof loadConfig>;

/**
 * Reads and checks the API's configuration from an env-shaped object. Every problem becomes one
 * line of a ConfigError; production additionally refuses the embedded fallbacks and demo data.
 */
export function loadConfig(env: Env) {
  const secrets = readSecrets(env, secretNames);
  // Connection URLs carry passwords in production: accept them as Docker secrets too.
  const c = parseConfig(configSchema, {
    ...withFileSecrets(env, ['REDIS_URL']),
    DATABASE_URL: readDatabaseUrl(env),
  });
  const production = c.NODE_ENV === 'production';
  const seedDemo = c.PORTTRACK_SEED_DEMO ?? !production;
  const problems: string[] = [];
  if (production) {
    if (!c.DATABASE_URL)
      problems.push('DATABASE_URL: required in production (the embedded database is for local use only)');
    if (!c.REDIS_URL)
      problems.push('REDIS_URL: required in production (the in-process cache is not shared by replicas)');
    if (!secrets.PORTTRACK_TOKEN_SECRET)
      problems.push('PORTTRACK_TOKEN_SECRET: required in production (or PORTTRACK_TOKEN_SECRET_FILE)');
    if (seedDemo) problems.push('PORTTRACK_SEED_DEMO: must be false in production (demo users and data)');
    if (secrets.PORTTRACK_DEMO_PASSWORD)
      problems.push('PORTTRACK_DEMO_PASSWORD: demo passwords are refused in production');
    if (c.PORTTRACK_FAULT_INJECTION === true)
      problems.push('PORTTRACK_FAULT_INJECTION: refused in production');
    for (const name of ['PORTTRACK_ADMIN_EMAIL', 'PORTTRACK_PROBE_EMAIL'] as const)
      if (c[name]?.toLowerCase().endsWith(`@${demoDomain}`))
        problems.push(`${name}: @${demoDomain} is the demo's domain, whose accounts production removes`);
  }
  if (secrets.PORTTRACK_TOKEN_SECRET !== undefined && secrets.PORTTRACK_TOKEN_SECRET.length < 32)
    problems.push('PORTTRACK_TOKEN_SECRET: at least 32 characters');
  if (secrets.PORTTRACK_TOKEN_SECRET_OTHER !== undefined && secrets.PORTTRACK_TOKEN_SECRET_OTHER.length < 32)
    problems.push('PORTTRACK_TOKEN_SECRET_OTHER: at least 32 characters');
  if (secrets.PORTTRACK_ADMIN_PASSWORD !== undefined && secrets.PORTTRACK_ADMIN_PASSWORD.length < 12)
    problems.push('PORTTRACK_ADMIN_PASSWORD: at least 12 characters');
  if ((c.PORTTRACK_ADMIN_EMAIL === undefined) !== (secrets.PORTTRACK_ADMIN_PASSWORD === undefined))
    problems.push('PORTTRACK_ADMIN_EMAIL and PORTTRACK_ADMIN_PASSWORD: set both or neither');
  if (secrets.PORTTRACK_PROBE_PASSWORD !== undefined && secrets.PORTTRACK_PROBE_PASSWORD.length < 12)
    problems.push('PORTTRACK_PROBE_PASSWORD: at least 12 characters');
  if ((c.PORTTRACK_PROBE_EMAIL === undefined) !== (secrets.PORTTRACK_PROBE_PASSWORD === undefined))
    problems.push('PORTTRACK_PROBE_EMAIL and PORTTRACK_PROBE_PASSWORD: set both or neither');
  if (c.PORTTRACK_REQUEST_TIMEOUT_MS <= c.PORTTRACK_DB_STATEMENT_TIMEOUT_MS)
    problems.push(
      'PORTTRACK_REQUEST_TIMEOUT_MS: must be longer than PORTTRACK_DB_STATEMENT_TIMEOUT_MS (a slow statement should fail before the request is given up)',
    );
  if (c.SHUTDOWN_DRAIN_MS >= c.SHUTDOWN_GRACE_MS)
    problems.push(
      'SHUTDOWN_DRAIN_MS: must be shorter than SHUTDOWN_GRACE_MS (in-flight requests need time after the drain)',
    );
  if (problems.length) throw new ConfigError(problems);
  return {
    port: c.PORT,
    host: c.HOST,
    nodeEnv: c.NODE_ENV,
    logLevel: c.LOG_LEVEL,
    lokiUrl: c.LOKI_URL,
    databaseUrl: c.DATABASE_URL,
    dataDir: c.PORTTRACK_DATA_DIR,
    redisUrl: c.REDIS_URL,
    redisKeyPrefix: c.REDIS_KEY_PREFIX,
    corsOrigins: c.CORS_ORIGINS,
    seedDemo,
    demoPassword: secrets.PORTTRACK_DEMO_PASSWORD,
    admin: c.PORTTRACK_ADMIN_EMAIL
      ? { email: c.PORTTRACK_ADMIN_EMAIL, password: secrets.PORTTRACK_ADMIN_PASSWORD as string }
      : undefined,
    probe: c.PORTTRACK_PROBE_EMAIL
      ? { email: c.PORTTRACK_PROBE_EMAIL, password: secrets.PORTTRACK_PROBE_PASSWORD as string }
      : undefined,
    tokenSecret: secrets.PORTTRACK_TOKEN_SECRET,
    tokenSecretOther: secrets.PORTTRACK_TOKEN_SECRET_OTHER,
    tokenTtlSeconds: c.PORTTRACK_TOKEN_TTL_SECONDS,
    // Fault injection only exists for drills in development and test.
    faultInjection: !production && c.PORTTRACK_FAULT_INJECTION !== false,
    httpMetrics: c.PORTTRACK_HTTP_METRICS ?? true,
    // Busy production replicas log one successful request in ten unless told otherwise.
    logSampleRate: c.PORTTRACK_LOG_SAMPLE_RATE ?? (production ? 0.1 : 1),
    rateLimitPerMinute: c.PORTTRACK_RATE_LIMIT_PER_MINUTE,
    loginRateLimitPerMinute: c.PORTTRACK_LOGIN_RATE_LIMIT_PER_MINUTE,
    loginThrottle: {
      freeFailures: c.PORTTRACK_LOGIN_FREE_FAILURES,
      maxWaitSeconds: c.PORTTRACK_LOGIN_MAX_WAIT_SECONDS,
    },
    ingestFutureToleranceMs: c.PORTTRACK_INGEST_FUTURE_TOLERANCE_S * 1000,
    positionRetentionDays: c.PORTTRACK_POSITION_RETENTION_DAYS,
    dbPoolMax: c.PORTTRACK_DB_POOL_MAX,
    stream: {
      maxClients: c.PORTTRACK_STREAM_MAX_CLIENTS,
      maxPerUser: c.PORTTRACK_STREAM_MAX_PER_USER,
      bufferBytes: c.PORTTRACK_STREAM_BUFFER_BYTES,
    },
    dbStatementTimeoutMs: c.PORTTRACK_DB_STATEMENT_TIMEOUT_MS,
    dbConnectTimeoutMs: c.PORTTRACK_DB_CONNECT_TIMEOUT_MS,
    requestTimeoutMs: c.PORTTRACK_REQUEST_TIMEOUT_MS,
    trustProxy: c.TRUST_PROXY,
    shutdownGraceMs: c.SHUTDOWN_GRACE_MS,
    shutdownDrainMs: c.SHUTDOWN_DRAIN_MS,
  };
}
