import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeAlerts, instantQuery } from '../../local-platform/prometheus-api.ts';
import type { RunningPrometheus } from '../../local-platform/prometheus.ts';
import { waitFor } from '../../local-platform/wait.ts';
import { stateInPrometheus } from './alert-state.ts';
import { type ArchivingDrill, startArchivingDrill } from './wal-archiving.ts';
import { watchWithRules } from './watched-postgres.ts';

// The WAL-archiving alert, live: a PostgreSQL of this test's own whose archive_command fails (as
// with a wrong key or an unreachable repository) while writes keep closing segments, the real
// postgres-exporter reading pg_stat_archiver, and Prometheus with the generated durability rules,
// only the alert's `for:` shortened. Archiving is broken from the first segment: the alert asks
// for no segment archived over its whole window, which a drill of a minute cannot wait out after
// one that worked (the promtool cases cover that path).
const alert = 'PostgresWalArchivingFailing';
let dir: string;
let drill: ArchivingDrill;
let prometheus: RunningPrometheus;
let writer: NodeJS.Timeout | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'porttrack-archive-drill-'));
  drill = await startArchivingDrill(dir);
  prometheus = await watchWithRules(drill, join(dir, 'prom'), 'durability.rules.yml', { [alert]: '3s' });
  // The port's constant writes, as segments for the archiver: one every two seconds.
  writer = setInterval(() => void drill.fillSegment().catch(() => undefined), 2000);
}, 60_000);

afterAll(async () => {
  clearInterval(writer);
  await prometheus?.stop();
  await drill?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const counter = async (name: string) =>
  Number((await instantQuery(prometheus.url, name))[0]?.value[1] ?? NaN);
/** The counter's value once it is above `floor` (one query per poll), else undefined. */
const counterAbove = async (name: string, floor: number) => {
  const value = await counter(name);
  return value > floor ? value : undefined;
};
const alertState = () => stateInPrometheus(prometheus.url, alert);

describe(`${alert} drilled on a PostgreSQL of its own`, () => {
  it('fires while archive_command fails, and resolves once a segment is archived again', async () => {
    const failed = await waitFor(() => counterAbove('pg_stat_archiver_failed_count', 0), {
      what: 'failed archive attempts scraped from pg_stat_archiver',
      timeoutMs: 30_000,
    });
    expect(failed).toBeGreaterThan(0);
    expect(await counter('pg_stat_archiver_archived_count')).toBe(0);

    await waitFor(async () => ((await alertState()) === 'firing' ? true : undefined), {
      what: `${alert} firing`,
      timeoutMs: 40_000,
    });
    const [fired] = (await activeAlerts(prometheus.url)).filter((a) => a.labels.alertname === alert);
    expect(fired?.labels.severity).toBe('critical');
    expect(fired?.annotations.description).toMatch(/failed again and again/);

    await drill.openArchive();
    const archived = await waitFor(() => counterAbove('pg_stat_archiver_archived_count', 0), {
      what: 'a segment archived after the repair',
      timeoutMs: 90_000,
    });
    expect(archived).toBeGreaterThan(0);
    await waitFor(async () => ((await alertState()) === undefined ? true : undefined), {
      what: `${alert} resolved`,
      timeoutMs: 20_000,
    });
    // Writes go on and segments keep being archived: it stays quiet.
    await new Promise((r) => setTimeout(r, 5000));
    expect(await alertState()).toBeUndefined();
    expect(await counter('pg_stat_archiver_archived_count')).toBeGreaterThan(archived);
  }, 180_000);
});
