import { describe, expect, it } from 'vitest';
import { createPool } from './pool.ts';
import { whenReachable } from './when-reachable.ts';

describe('whenReachable', () => {
  it('tries again while PostgreSQL cannot be reached, then gives up with the error', async () => {
    // A port nothing listens on: every connection is refused.
    const pool = createPool({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      applicationName: 't11-when-reachable',
      max: 1,
      connectionTimeoutMs: 500,
    });
    const retries: string[] = [];
    const started = Date.now();
    await expect(
      whenReachable(() => pool.query('SELECT 1'), {
        withinMs: 700,
        delayMs: 200,
        onRetry: (e) => retries.push(e.message),
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(retries.length).toBeGreaterThanOrEqual(2);
    expect(Date.now() - started).toBeLessThan(3000);
    await pool.end();
  });

  it('returns as soon as the step succeeds, and fails at once on an error that is not about connecting', async () => {
    let calls = 0;
    const flaky = () => {
      calls += 1;
      if (calls < 3)
        return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      return Promise.resolve('ok');
    };
    expect(await whenReachable(flaky, { delayMs: 10 })).toBe('ok');
    expect(calls).toBe(3);
    let sqlCalls = 0;
    await expect(
      whenReachable(() => {
        sqlCalls += 1;
        return Promise.reject(new Error('syntax error at or near "SELEC"'));
      }),
    ).rejects.toThrow(/syntax error/);
    expect(sqlCalls).toBe(1);
  });
});
