// Redis as the stack and the compose file run it (redis-server --aclfile), from the secret files
// generate-secrets.sh writes, against a real redis-server and redis-exporter: no client gets in
// without the password, and the API's URL and the exporter's password file get in with it.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedisCache } from '../../api/platform/cache.ts';
import { freePort } from '../../lib/net/free-port.ts';
import { repoRoot } from '../../lib/generated.ts';
import { type OwnRedis, startOwnRedis } from '../../lib/testing/redis-server.ts';
import { waitFor } from '../../lib/testing/wait.ts';

const dir = mkdtempSync(join(tmpdir(), 'porttrack-redis-secrets-'));
const secret = (name: string) => readFileSync(join(dir, name), 'utf8').trim();
/** The stack's addresses (redis:6379) pointed at this test's server. */
const here = (text: string) => text.replace('redis:6379', `127.0.0.1:${redis.port}`);
let redis: OwnRedis;
let exporter: ChildProcess | undefined;

beforeAll(async () => {
  execFileSync('bash', [join(repoRoot, 'stack/scripts/generate-secrets.sh'), dir]);
  redis = await startOwnRedis({
    args: ['--aclfile', join(dir, 'redis_acl')],
    password: secret('redis_password'),
  });
});
afterAll(async () => {
  exporter?.kill('SIGKILL');
  await redis?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function pingAs(password?: string): Promise<string> {
  const client = new Redis({ port: redis.port, host: '127.0.0.1', password, lazyConnect: true, enableReadyCheck: false, retryStrategy: () => null });
  // The server's refusal arrives as an error event; connect() then reports the closed connection.
  const refusals: string[] = [];
  client.on('error', (err: Error) => refusals.push(err.message));
  try {
    await client.connect();
    return await client.ping();
  } catch (err) {
    return [...refusals, (err as Error).message].join('; ');
  } finally {
    client.disconnect();
  }
}

describe('Redis with the generated password', () => {
  it('refuses a client without the password or with a wrong one', async () => {
    expect(await pingAs()).toMatch(/NOAUTH/);
    expect(await pingAs('not-the-password')).toMatch(/WRONGPASS/);
    expect(secret('redis_acl')).not.toContain(secret('redis_password'));
  });

  it("lets the API in with api_redis_url", async () => {
    const cache = await connectRedisCache(here(secret('api_redis_url')), `redis-password-test:${process.pid}:`);
    try {
      await cache.ping();
      await cache.setNewer('k', 2, 60);
      expect(await cache.getNumber('k')).toBe(2);
    } finally {
      await cache.close();
    }
  });

  it("lets redis-exporter in with redis_exporter_passwords", async () => {
    const passwords = join(dir, 'exporter-passwords-here');
    writeFileSync(passwords, here(secret('redis_exporter_passwords')));
    const port = await freePort();
    exporter = spawn('prometheus-redis-exporter', ['-web.listen-address', `127.0.0.1:${port}`], {
      env: { ...process.env, REDIS_ADDR: `redis://127.0.0.1:${redis.port}`, REDIS_PASSWORD_FILE: passwords },
      stdio: 'ignore',
    });
    const metrics = await waitFor(async () => {
      const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => '');
      return /^redis_up /m.test(text) ? text : undefined;
    }, 'redis-exporter metrics');
    expect(metrics).toMatch(/^redis_up 1$/m);
  });
});
