import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backup } from '../../lib/catalog/index.ts';
import { activeAlerts } from '../../local-platform/prometheus-api.ts';
import type { RunningPrometheus } from '../../local-platform/prometheus.ts';
import { waitFor } from '../../local-platform/wait.ts';
import { activeAlert, untilState } from './alert-state.ts';
import { type FreshnessDrill, startFreshnessDrill } from './backup-freshness.ts';
import { drillPorts } from './drill-ports.ts';
import { watchExporterWithRules } from './rule-watch.ts';
import { scrapedValue } from './scraped.ts';

// The backup-freshness alert, live: the real node-exporter's textfile collector serves the file
// the backup scripts' own writer makes (record_backup_success, stack/scripts/lib/backup-metrics.sh),
// and Prometheus evaluates the generated durability rules with only this alert's `for:` changed
// (the stack's 10m becomes 3 s). Its threshold stays the stack's 27 hours: rather than wait a day,
// the drill records backups made hours ago, the writer's `date` pinned to that moment.
const alert = 'PostgresBackupTooOld';
const hoursAgo = (h: number) => new Date(Math.floor(Date.now() / 1000 - h * 3600) * 1000);
let dir: string;
let drill: FreshnessDrill;
let prometheus: RunningPrometheus;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'porttrack-backup-drill-'));
  const [exporterPort, port] = await drillPorts('backupTooOld', 2);
  drill = await startFreshnessDrill(dir, exporterPort);
  prometheus = await watchExporterWithRules({
    dir: join(dir, 'prom'),
    job: 'node',
    exporterPort: drill.exporter.port,
    ruleFile: 'durability.rules.yml',
    forOverrides: { [alert]: '3s' },
    port,
  });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await drill?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const lastSuccess = (kind: string, repo: string) =>
  scrapedValue(prometheus.url, `${backup.lastSuccess.name}{kind="${kind}",repo="${repo}"}`);
const activeRepos = async () =>
  (await activeAlerts(prometheus.url)).filter((a) => a.labels.alertname === alert).map((a) => a.labels.repo);

describe(`${alert} drilled with node-exporter and the backup scripts' own writer`, () => {
  it('fires for the repository whose newest base backup is 28 hours old, and resolves once one succeeds', async () => {
    const old = hoursAgo(28);
    // Silent on: a dump set as old (not a base backup), and repo2's differential 26 hours old
    // (within the threshold). repo1's full backup, 28 hours old, is written last.
    await drill.recordSuccess('dump', 'sets', old);
    await drill.recordSuccess('diff', 'repo2', hoursAgo(26));
    await drill.recordSuccess('full', 'repo1', old);
    await waitFor(
      async () => ((await lastSuccess('full', 'repo1')) === old.getTime() / 1000 ? true : undefined),
      {
        what: "repo1's full backup scraped from node-exporter's textfile collector, 28 hours old",
        timeoutMs: 15_000,
      },
    );
    expect(await scrapedValue(prometheus.url, 'node_textfile_scrape_error')).toBe(0);

    await untilState(prometheus.url, alert, 'firing', 30_000);
    expect(await activeRepos()).toEqual(['repo1']);
    const fired = await activeAlert(prometheus.url, alert);
    expect(fired?.labels.severity).toBe('warning');
    expect(fired?.labels.instance).toBe(`127.0.0.1:${drill.exporter.port}`);
    expect(fired?.annotations.description).toMatch(
      /backup in repo1 \(backup service on 127\.0\.0\.1:\d+\) is 1d 4h 0m \d+s old; .*\(threshold 27 hours\)/,
    );

    // The day's differential backup into repo1 succeeds: the newest counts, the old full stays.
    await drill.recordSuccess('diff', 'repo1');
    await untilState(prometheus.url, alert, undefined, 20_000);
    expect(await lastSuccess('full', 'repo1')).toBe(old.getTime() / 1000);
    expect(await activeRepos()).toEqual([]);
  }, 90_000);
});
