import { describe, expect, it } from 'vitest';
import { waitFor } from '../../local-platform/wait.ts';
import { activeAlert, stateInPrometheus, untilState } from './alert-state.ts';
import { archivingSession } from './archiving-session.ts';
import { scrapedAbove, scrapedValue } from './scraped.ts';

// The archive-age alert, live: a PostgreSQL of this test's own archives its segments (writes
// close one every two seconds), then its archive_command hangs, as on a repository mount that
// stopped answering: nothing is archived and nothing fails, so only the age of the newest
// archived segment (pg_stat_archiver_last_archive_age, from the real postgres-exporter) can tell.
// Prometheus evaluates the generated durability rules with two numbers of this alert changed,
// because a drill cannot wait ten minutes:
// - its threshold: the stack's 300 s (thresholds.durability.archiveAgeSeconds) becomes 15 s
//   (rendering fails if the expression no longer ends comparing against 300);
// - its `for:`: the stack's 5m becomes 3 s.
// The rest of the expression is the stack's, and so are the annotations, which still say
// "threshold 5 minutes".
const alert = 'PostgresWalArchiveBehind';
const stackThreshold = 300;
const drillThreshold = 15;
/** Fires on failed attempts only: a hanging command must leave it silent. */
const failingAlert = 'PostgresWalArchivingFailing';
const session = archivingSession({
  name: 'walArchiveBehind',
  forOverrides: { [alert]: '3s' },
  thresholdOverrides: { [alert]: { stack: stackThreshold, drill: drillThreshold } },
  archiving: true,
});

const value = (expr: string) => scrapedValue(session.prometheus.url, expr);
const age = 'pg_stat_archiver_last_archive_age';

describe(`${alert} drilled on a PostgreSQL of its own`, () => {
  it('stays quiet while segments are archived, fires once archiving hangs past the threshold, resolves when it goes on', async () => {
    // Archiving works: the newest archived segment is always seconds old.
    await waitFor(() => scrapedAbove(session.prometheus.url, 'pg_stat_archiver_archived_count', 0), {
      what: 'segments archived, scraped from pg_stat_archiver',
      timeoutMs: 30_000,
    });
    await waitFor(async () => ((await value(age)) >= 0 ? true : undefined), {
      what: `${age} scraped`,
      timeoutMs: 10_000,
    });
    await new Promise((r) => setTimeout(r, 5000)); // longer than for: + two evaluations
    expect(await value(`max_over_time(${age}[5s])`)).toBeLessThan(drillThreshold);
    expect(await stateInPrometheus(session.prometheus.url, alert)).toBeUndefined();

    const failedBefore = await value('pg_stat_archiver_failed_count');
    await session.drill.stallArchive();
    await untilState(session.prometheus.url, alert, 'firing', 45_000);
    const fired = await activeAlert(session.prometheus.url, alert);
    expect(fired?.labels.severity).toBe('warning');
    expect(fired?.labels.instance).toBe(`127.0.0.1:${session.drill.exporter.port}`);
    expect(fired?.annotations.description).toMatch(/ is [\d.]+s old \(threshold 5 minutes; /);
    // It held from an evaluation more than the (drill's) threshold after the last archived segment.
    const lastArchived = await session.drill.lastArchivedAt();
    expect(lastArchived).toBeDefined();
    const heldAfter = (Date.parse(fired!.activeAt) - lastArchived!.getTime()) / 1000;
    expect(heldAfter).toBeGreaterThan(drillThreshold);
    // A hang fails nothing: the failing-archive alert has nothing to see.
    expect(await value('pg_stat_archiver_failed_count')).toBe(failedBefore);
    expect(await stateInPrometheus(session.prometheus.url, failingAlert)).toBeUndefined();

    const archivedWhileStalled = await value('pg_stat_archiver_archived_count');
    await session.drill.resumeArchive();
    await waitFor(
      () => scrapedAbove(session.prometheus.url, 'pg_stat_archiver_archived_count', archivedWhileStalled),
      { what: 'the waiting segments archived once the command goes on', timeoutMs: 20_000 },
    );
    await untilState(session.prometheus.url, alert, undefined, 20_000);
    expect(await value(age)).toBeLessThan(drillThreshold);
  }, 120_000);
});
