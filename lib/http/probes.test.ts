import type { AddressInfo } from 'node:net';
import express from 'express';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lifecycle } from '../lifecycle.ts';
import { createLogger } from '../logger.ts';
import { mountProbes } from './probes.ts';

// /readyz is public through nginx: it says which dependency failed, never why (an error message
// names hosts, addresses, SQL); the reason goes to the log.
const reason = 'connect ECONNREFUSED 10.0.3.7:5432 (password authentication failed for user "porttrack_app")';
const logged: Array<Record<string, unknown>> = [];
let url: string;
let close: () => void;
beforeAll(async () => {
  const logger = createLogger(
    { service: 'probes-test', nodeEnv: 'test', level: 'warn' },
    { write: (line: string) => void logged.push(JSON.parse(line)) },
  );
  const app = express();
  mountProbes(
    app,
    new Registry(),
    new Lifecycle(logger),
    [
      { name: 'postgres', check: () => Promise.reject(new Error(reason)) },
      { name: 'redis', check: () => Promise.resolve() },
    ],
    logger,
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close?.());

describe('/readyz', () => {
  it('names the failed check without its reason, and logs the reason', async () => {
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ status: 'unavailable', checks: { postgres: 'failed', redis: 'ok' } });
    expect(text).not.toMatch(/ECONNREFUSED|10\.0\.3\.7|porttrack_app/);
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'warn',
        check: 'postgres',
        error: reason,
        msg: 'readiness check failed',
      }),
    ]);
  });
});
