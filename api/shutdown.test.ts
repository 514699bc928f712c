import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../lib/testing/database.ts';
import { deleteKeys, passwords, send, testApiEnv } from './testing/test-api.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const prefix = `pttest:${randomBytes(4).toString('hex')}:`;
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase('api_shutdown');
});
afterAll(async () => {
  await database?.drop();
  await deleteKeys(prefix);
});

/**
 * A readiness probe whose request is half sent: the connection is busy (not idle) when SIGTERM
 * arrives, so it survives the server's close, and the probe is answered during shutdown.
 */
function halfSentProbe(port: number) {
  const socket = connect(port, '127.0.0.1');
  let data = '';
  socket.on('data', (chunk) => (data += chunk));
  socket.write('GET /readyz HTTP/1.1\r\nHost: api\r\n');
  return {
    finish: () =>
      new Promise<number>((resolve, reject) => {
        socket.on('error', reject);
        socket.on('close', () => resolve(Number(/HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)));
        socket.write('Connection: close\r\n\r\n');
      }),
  };
}

/** `npm run api` as a child process, with the test database and extra settings. */
async function startChild(extraEnv: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, ...testApiEnv(database.url, prefix), LOG_LEVEL: 'info', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 30 s:\n${output}`)), 30_000);
    child.stdout.on('data', () => {
      const match = /PortTrack API on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', () => reject(new Error(`exited during start:\n${output}`)));
  }).catch((err: Error) => {
    child.kill('SIGKILL');
    throw err;
  });
  return { child, url, exited, output: () => output };
}

describe('graceful shutdown', () => {
  it('on SIGTERM turns readiness 503, finishes in-flight requests, and exits 0 within the grace period', async () => {
    const { child, url, exited, output } = await startChild({ SHUTDOWN_GRACE_MS: '8000' });
    try {
      const port = Number(new URL(url).port);
      const login = await send(url, 'POST', '/api/v1/auth/login', {
        body: { email: 'admin@test.local', password: passwords.admin },
      });
      await send(url, 'PUT', '/internal/faults', { body: { error_rate: 0, latency_ms: 1500 } });

      const slow = send(url, 'GET', '/api/v1/vessels', { token: login.body.token });
      const probe = halfSentProbe(port);
      await new Promise((r) => setTimeout(r, 300));
      const signalled = Date.now();
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      expect(await probe.finish()).toBe(503);
      expect((await slow).status).toBe(200);
      const code = await exited;
      expect(code, output().slice(-3000)).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(8000);
      expect(output()).toContain('"msg":"shutting down"');
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('with a drain period keeps accepting new connections after SIGTERM, closing each, then stops', async () => {
    const { child, url, exited, output } = await startChild({
      SHUTDOWN_GRACE_MS: '8000',
      SHUTDOWN_DRAIN_MS: '2000',
    });
    try {
      const signalled = Date.now();
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 700));
      // A new connection, as nginx still holding this replica's address would open: answered.
      const during = await send(url, 'GET', '/healthz');
      expect(during.status).toBe(200);
      expect(during.headers.get('connection')).toBe('close');
      expect((await send(url, 'GET', '/readyz')).status).toBe(503);
      expect(await exited, output().slice(-3000)).toBe(0);
      const stoppedAfter = Date.now() - signalled;
      expect(stoppedAfter).toBeGreaterThanOrEqual(2000);
      expect(stoppedAfter).toBeLessThan(8000);
      expect(output()).toContain('"msg":"draining: still serving, readiness 503"');
      await expect(send(url, 'GET', '/healthz')).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
