import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exporters } from '../../lib/catalog/exporters.ts';
import { createPool, type Pool } from '../../lib/db/pool.ts';
import { createLogger } from '../../lib/logger.ts';
import { createInstruments, createRegistry } from '../../lib/metrics/registry.ts';
import { adminUrl } from '../../lib/testing/database.ts';
import { MetricCache } from './cache.ts';
import type { Collector } from './collector.ts';
import { CollectorRunner } from './runner.ts';
import { RefreshScheduler } from './schedule.ts';
import { TcpProxy } from '../testing/tcp-proxy.ts';

// These tests need no schema: the collectors here only sleep inside PostgreSQL.
let pool: Pool;
const logger = createLogger({ service: 'exporters-test', nodeEnv: 'test', level: 'silent' });

beforeAll(() => {
  pool = createPool({ connectionString: adminUrl, applicationName: 'exporters-runner-test', max: 4 });
});
afterAll(async () => {
  await pool?.end();
});

/** A collector that holds a query for `sleepSeconds` and records how many of its refreshes overlap. */
function sleeper(sleepSeconds: number, intervalSeconds = 1) {
  const stats = { active: 0, maxActive: 0, calls: 0 };
  const collector: Collector = {
    name: 'sleeper',
    intervalSeconds,
    gauges: ['anchorageQueueLength'],
    counters: [],
    async refresh(db) {
      stats.calls += 1;
      stats.active += 1;
      stats.maxActive = Math.max(stats.maxActive, stats.active);
      try {
        await db.query('SELECT pg_sleep($1)', [sleepSeconds]);
        return {
          gauges: { anchorageQueueLength: [{ labels: {}, value: stats.calls }] },
          counters: {},
          rowsScanned: 1,
        };
      } finally {
        stats.active -= 1;
      }
    },
  };
  return { collector, stats };
}

function runnerFor(collector: Collector, statementTimeoutMs = 5000, refreshDeadlineMs = 10_000, via = pool) {
  const registry = createRegistry(false);
  const instruments = createInstruments(registry, exporters);
  const cache = new MetricCache(instruments, logger);
  const runner = new CollectorRunner(collector, {
    pool: via,
    cache,
    instruments,
    logger,
    statementTimeoutMs,
    refreshDeadlineMs,
  });
  return { runner, instruments };
}

describe('collector runner', () => {
  it('never runs two refreshes of a collector at once: a call during a refresh joins it', async () => {
    const { collector, stats } = sleeper(0.3);
    const { runner } = runnerFor(collector);
    await Promise.all([runner.refresh(), runner.refresh(), runner.refresh()]);
    expect(stats.calls).toBe(1);
    expect(stats.maxActive).toBe(1);
  });

  it('skips cron ticks that find the previous refresh still running', async () => {
    const { collector, stats } = sleeper(1.6, 1);
    const { runner } = runnerFor(collector);
    const scheduler = new RefreshScheduler([runner], logger);
    scheduler.start();
    await new Promise((resolve) => setTimeout(resolve, 3500));
    await scheduler.stop();
    await runner.idle();
    expect(stats.maxActive).toBe(1);
    // 3.5 s of 1 s ticks with 1.6 s refreshes: at most 3 can have started, not 4 or 5.
    expect(stats.calls).toBeGreaterThanOrEqual(2);
    expect(stats.calls).toBeLessThanOrEqual(3);
  });

  it('bounds every query with statement_timeout and counts the failure without marking the database down', async () => {
    const { collector } = sleeper(5);
    const { runner, instruments } = runnerFor(collector, 200);
    const started = performance.now();
    await runner.refresh();
    expect(performance.now() - started).toBeLessThan(2000);
    expect((await instruments.refreshErrors.get()).values[0]?.value).toBe(1);
    expect((await instruments.databaseUp.get()).values[0]?.value).toBe(1);
    expect(runner.succeeded).toBe(false);
  });

  it('abandons a refresh at its deadline when the database stops answering, and the next one runs', async () => {
    // A relay that goes silent: the server's statement_timeout error never arrives, so only the
    // runner's own deadline can end the refresh (PGlite once hung a refresh for 19 minutes).
    const target = new URL(adminUrl);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    const viaProxy = new URL(adminUrl);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const silentPool = createPool({
      connectionString: viaProxy.href,
      applicationName: 'runner-deadline',
      max: 2,
    });
    try {
      const { collector, stats } = sleeper(0.05);
      const { runner, instruments } = runnerFor(collector, 200, 1500, silentPool);
      await runner.refresh();
      expect(runner.succeeded).toBe(true);
      proxy.freeze();
      const started = performance.now();
      await runner.refresh();
      const took = performance.now() - started;
      expect(took).toBeGreaterThanOrEqual(1400);
      expect(took).toBeLessThan(5000);
      expect((await instruments.refreshErrors.get()).values[0]?.value).toBe(1);
      expect((await instruments.databaseUp.get()).values[0]?.value).toBe(0);
      await proxy.cut();
      await proxy.restore();
      await runner.refresh();
      // The frozen refresh hung at BEGIN, before the collector's query: two collector calls.
      expect(stats.calls).toBe(2);
      expect((await instruments.databaseUp.get()).values[0]?.value).toBe(1);
      expect((await instruments.refreshErrors.get()).values[0]?.value).toBe(1);
    } finally {
      await silentPool.end().catch(() => undefined);
      await proxy.stop();
    }
  });
});
