import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectionsDrill, startConnectionsDrill } from './postgres-connections.ts';
import { activeAlerts, instantQuery } from '../../local-platform/prometheus-api.ts';
import type { RunningPrometheus } from '../../local-platform/prometheus.ts';
import { watchWithRules } from './watched-postgres.ts';
import { stateInPrometheus } from './alert-state.ts';
import { waitFor } from '../../local-platform/wait.ts';

// The PostgreSQL-connections alert, live: a PostgreSQL of this test's own with max_connections
// 10 (the machine's shared server is never crowded), the real postgres-exporter on its
// pg_monitor login, Prometheus with the generated rule (only its `for:` shortened).
const maxConnections = 10;
const alert = 'PostgresTooManyConnections';
let dir: string;
let drill: ConnectionsDrill;
let prometheus: RunningPrometheus;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'porttrack-pg-drill-'));
  drill = await startConnectionsDrill({ dir, maxConnections });
  prometheus = await watchWithRules(drill, join(dir, 'prom'), 'postgres.rules.yml', { [alert]: '3s' });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await drill?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const connectionsInUse = async () =>
  Number((await instantQuery(prometheus.url, 'sum(pg_stat_activity_count)'))[0]?.value[1] ?? NaN);
const alertState = () => stateInPrometheus(prometheus.url, alert);

describe(`${alert} drilled on a PostgreSQL of its own`, () => {
  it('stays quiet with the exporter alone, fires past 80 % of max_connections, resolves when they close', async () => {
    const limit = await waitFor(
      async () => (await instantQuery(prometheus.url, 'pg_settings_max_connections'))[0]?.value[1],
      { what: 'postgres-exporter scraped', timeoutMs: 15_000 },
    );
    expect(Number(limit)).toBe(maxConnections);
    const baseline = await waitFor(
      async () => ((await connectionsInUse()) > 0 ? connectionsInUse() : undefined),
      {
        what: 'pg_stat_activity_count',
        timeoutMs: 10_000,
      },
    );
    expect(baseline / maxConnections).toBeLessThanOrEqual(0.8);
    await new Promise((r) => setTimeout(r, 5000)); // longer than for: + two evaluations
    expect(await alertState()).toBeUndefined();

    // Idle sessions up to 90 % of the limit.
    await drill.fill(maxConnections * 0.9);
    const firing = await waitFor(async () => ((await alertState()) === 'firing' ? true : undefined), {
      what: `${alert} firing`,
      timeoutMs: 20_000,
    });
    expect(firing).toBe(true);
    const [fired] = (await activeAlerts(prometheus.url)).filter((a) => a.labels.alertname === alert);
    expect(fired?.annotations.description).toMatch(/uses 9\d% of max_connections \(threshold 80%\)/);

    await drill.release();
    const resolved = await waitFor(async () => ((await alertState()) === undefined ? true : undefined), {
      what: `${alert} resolved`,
      timeoutMs: 20_000,
    });
    expect(resolved).toBe(true);
  }, 90_000);
});
