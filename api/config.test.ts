import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../lib/config/env.ts';
import { loadConfig } from './config.ts';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('API configuration', () => {
  it('runs on embedded defaults in development, with demo seeding and fault injection', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      nodeEnv: 'development',
      seedDemo: true,
      faultInjection: true,
      httpMetrics: true,
    });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(loadConfig({ PORTTRACK_HTTP_METRICS: 'false', PORT: '0' })).toMatchObject({
      httpMetrics: false,
      port: 0,
    });
  });

  it('refuses production without a real database, Redis and secrets, one line per problem', () => {
    const problems = problemsOf({ NODE_ENV: 'production', PORTTRACK_SEED_DEMO: 'true' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DATABASE_URL: required in production/),
        expect.stringMatching(/^REDIS_URL: required in production/),
        expect.stringMatching(/^PORTTRACK_TOKEN_SECRET: required in production/),
        expect.stringMatching(/^PORTTRACK_SEED_DEMO: must be false in production/),
      ]),
    );
    const demo = problemsOf({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/porttrack',
      REDIS_URL: 'redis://cache:6379',
      PORTTRACK_TOKEN_SECRET: 's'.repeat(40),
      PORTTRACK_SEED_DEMO: 'false',
      PORTTRACK_DEMO_PASSWORD: 'demo',
      PORTTRACK_FAULT_INJECTION: 'true',
      // Production removes the demo domain's accounts at start: a bootstrap account there would go too.
      PORTTRACK_ADMIN_EMAIL: 'Admin@PortTrack.local',
      PORTTRACK_ADMIN_PASSWORD: 'a-long-admin-password',
    });
    expect(demo).toEqual([
      'PORTTRACK_DEMO_PASSWORD: demo passwords are refused in production',
      'PORTTRACK_FAULT_INJECTION: refused in production',
      "PORTTRACK_ADMIN_EMAIL: @porttrack.local is the demo's domain, whose accounts production removes",
    ]);
  });

  it('starts production when everything real is given, reading secrets from _FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pt-config-'));
    writeFileSync(join(dir, 'secret'), `${'k'.repeat(40)}\n`);
    const c = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/porttrack',
      REDIS_URL: 'redis://cache:6379',
      PORTTRACK_TOKEN_SECRET_FILE: join(dir, 'secret'),
      PORTTRACK_SEED_DEMO: 'false',
    });
    expect(c).toMatchObject({ tokenSecret: 'k'.repeat(40), seedDemo: false, faultInjection: false });
  });

  it('names each bad variable', () => {
    const problems = problemsOf({
      PORT: '70000',
      DATABASE_URL: 'mysql://x',
      PORTTRACK_LOG_SAMPLE_RATE: '2',
      PORTTRACK_SEED_DEMO: 'maybe',
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'PORT',
      'DATABASE_URL',
      'PORTTRACK_SEED_DEMO',
      'PORTTRACK_LOG_SAMPLE_RATE',
    ]);
    expect(problemsOf({ PORTTRACK_ADMIN_EMAIL: 'root@example.com' })).toEqual([
      'PORTTRACK_ADMIN_EMAIL and PORTTRACK_ADMIN_PASSWORD: set both or neither',
    ]);
    expect(problemsOf({ PORTTRACK_PROBE_PASSWORD: 'long-enough-password' })).toEqual([
      'PORTTRACK_PROBE_EMAIL and PORTTRACK_PROBE_PASSWORD: set both or neither',
    ]);
    expect(
      problemsOf({ PORTTRACK_PROBE_EMAIL: 'probe@example.com', PORTTRACK_PROBE_PASSWORD: 'short' }),
    ).toEqual(['PORTTRACK_PROBE_PASSWORD: at least 12 characters']);
  });

  it('trusts at most one proxy hop and keeps statements shorter than requests', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(problemsOf({ TRUST_PROXY: '2' })).toEqual([expect.stringMatching(/^TRUST_PROXY: expected 0/)]);
    expect(problemsOf({ TRUST_PROXY: 'true' })).toHaveLength(1);
    expect(
      problemsOf({ PORTTRACK_DB_STATEMENT_TIMEOUT_MS: '20000', PORTTRACK_REQUEST_TIMEOUT_MS: '15000' }),
    ).toEqual([expect.stringMatching(/^PORTTRACK_REQUEST_TIMEOUT_MS: must be longer/)]);
  });
});
