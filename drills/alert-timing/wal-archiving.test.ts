import { describe, expect, it } from 'vitest';
import { waitFor } from '../../local-platform/wait.ts';
import { activeAlert, stateInPrometheus, untilState } from './alert-state.ts';
import { archivingSession } from './archiving-session.ts';
import { scrapedAbove, scrapedValue } from './scraped.ts';

// The WAL-archiving alert, live: a PostgreSQL of this test's own whose archive_command fails (as
// with a wrong key or an unreachable repository) while writes keep closing segments, the real
// postgres-exporter reading pg_stat_archiver, and Prometheus with the generated durability rules,
// only the alert's `for:` shortened. Archiving is broken from the first segment: the alert asks
// for no segment archived over its whole window, which a drill of a minute cannot wait out after
// one that worked (the promtool cases cover that path; wal-archive-behind.test.ts drills
// archiving that stops after working).
const alert = 'PostgresWalArchivingFailing';
const session = archivingSession({ name: 'walArchiving', forOverrides: { [alert]: '3s' } });

const counter = (name: string) => scrapedValue(session.prometheus.url, name);
const counterAbove = (name: string, floor: number) => scrapedAbove(session.prometheus.url, name, floor);

describe(`${alert} drilled on a PostgreSQL of its own`, () => {
  it('fires while archive_command fails, and resolves once a segment is archived again', async () => {
    const failed = await waitFor(() => counterAbove('pg_stat_archiver_failed_count', 0), {
      what: 'failed archive attempts scraped from pg_stat_archiver',
      timeoutMs: 30_000,
    });
    expect(failed).toBeGreaterThan(0);
    expect(await counter('pg_stat_archiver_archived_count')).toBe(0);

    await untilState(session.prometheus.url, alert, 'firing', 40_000);
    const fired = await activeAlert(session.prometheus.url, alert);
    expect(fired?.labels.severity).toBe('critical');
    expect(fired?.annotations.description).toMatch(/failed again and again/);

    await session.drill.openArchive();
    const archived = await waitFor(() => counterAbove('pg_stat_archiver_archived_count', 0), {
      what: 'a segment archived after the repair',
      timeoutMs: 90_000,
    });
    expect(archived).toBeGreaterThan(0);
    await untilState(session.prometheus.url, alert, undefined, 20_000);
    // Writes go on and segments keep being archived: it stays quiet.
    await new Promise((r) => setTimeout(r, 5000));
    expect(await stateInPrometheus(session.prometheus.url, alert)).toBeUndefined();
    expect(await counter('pg_stat_archiver_archived_count')).toBeGreaterThan(archived);
  }, 180_000);
});
