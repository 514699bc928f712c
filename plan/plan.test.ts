import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../lib/generated.ts';
import { addWorktree, git, type Worktree } from './git.ts';
import type { Snapshot } from './planned-files.ts';
import { renderPlan } from './render-plan.ts';
import { readRules } from './rules-model.ts';
import { generatedNow } from './snapshot.ts';

// Real changes, made by the test in a temporary worktree of this commit, and the plan they
// give: the command line for a raised threshold (base generated in its own worktree by
// scripts/generate.ts), the same functions in process for the other changes (base generated
// once, before any edit).

const run = promisify(execFile);
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const minutes = (n: number) => n * 60_000;

let checkout: Worktree;
let base: Snapshot;

beforeAll(async () => {
  checkout = await addWorktree(repoRoot, 'HEAD');
  base = await generatedNow(checkout.dir);
}, minutes(3));
afterAll(() => checkout?.remove());
afterEach(() => git(checkout.dir, 'checkout', '--', '.'));

/** Replaces `from` with `to` in one source file of the worktree; fails when `from` is not there. */
async function edit(file: string, from: string, to: string): Promise<void> {
  const path = join(checkout.dir, file);
  const text = await readFile(path, 'utf8');
  expect(text, `${file} no longer holds the text this test changes`).toContain(from);
  await writeFile(path, text.replace(from, to));
}

const planNow = async () => renderPlan(base, await generatedNow(checkout.dir), 'HEAD').split('\n');

describe('npm run plan', () => {
  it('says so when nothing changed', () => {
    expect(renderPlan(base, base, '`main`')).toBe(
      '## Plan against `main`\n\nNo change to alerts, recording rules, SLOs, routing, dashboards or Prometheus settings.\n',
    );
  });

  it(
    'a raised threshold: the alert expression, its description, its promtool case and the panel that quotes it, in under 30 lines',
    async () => {
      await edit('lib/monitoring/thresholds.ts', 'latencyP95Seconds: 2,', 'latencyP95Seconds: 3,');
      const { stdout } = await run(
        process.execPath,
        [tsx, join(repoRoot, 'plan/main.ts'), '--base', 'HEAD'],
        {
          cwd: checkout.dir,
        },
      );
      const lines = stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^## Plan against `HEAD` \([0-9a-f]{7,}\)$/);
      expect(lines, stdout).toEqual(
        expect.arrayContaining([
          '| `ApiHighLatency` | expression | `…conds_bucket:rate5m)) > 2` | `…conds_bucket:rate5m)) > 3` |',
          '|  | description | `…humanizeDuration }} (threshold 2s).` | `…humanizeDuration }} (threshold 3s).` |',
          '- promtool cases of `ApiHighLatency`: changed `ApiHighLatency fires after 5m`.',
          '#### API Performance (porttrack-api)',
          '| `Latency p50 / p95 / p99` | description | `…threshold is 200 ms, the alert 2 s.` | `…threshold is 200 ms, the alert 3 s.` |',
        ]),
      );
      // Those two tables' rows and nothing else: no other alert, panel or setting.
      expect(lines.filter((l) => /^\| (`|\s)/.test(l))).toHaveLength(3);
      expect(lines.length).toBeLessThanOrEqual(30);
      expect(stdout).not.toMatch(/gridPos|"targets"|"expr"/);
      // Nothing was written in the checkout: the edit is all git sees.
      expect(await git(checkout.dir, 'status', '--porcelain', '--', '.', ':(exclude)node_modules')).toBe(
        'M lib/monitoring/thresholds.ts',
      );
    },
    minutes(3),
  );

  it(
    'a new alert: its row, its receivers and the inhibition that now covers it',
    async () => {
      // ApiHighLatency's definition, copied as a critical alert with a higher threshold.
      const file = 'rules/api.ts';
      const source = await readFile(join(checkout.dir, file), 'utf8');
      const start = source.indexOf("    alert({\n      name: 'ApiHighLatency',");
      const existing = source.slice(start, source.indexOf('\n    }),\n', start) + '\n    }),\n'.length);
      const changes: Array<[string, string]> = [
        ["'ApiHighLatency'", "'ApiVerySlow'"],
        ["severity: 'warning'", "severity: 'critical'"],
        ["'The PortTrack API responds slowly.'", "'The PortTrack API is very slow.'"],
        ['> ${t.latencyP95Seconds}`', '> 4`'],
      ];
      let added = existing;
      for (const [from, to] of changes) {
        expect(added, `ApiHighLatency's definition no longer holds ${from}`).toContain(from);
        added = added.replace(from, to);
      }
      await edit(file, existing, `${added}${existing}`);
      const lines = await planNow();
      expect(lines, lines.join('\n')).toEqual(
        expect.arrayContaining([
          '**Added**',
          '| `ApiVerySlow` | critical | 5m | `histogram_quantile(0.95, sum by (le, job) (instance_le:http_request_duration_seconds_buck…` | The PortTrack API is very slow. |',
          '| `ApiVerySlow` | (new alert) | oncall |',
          '- `alertname="NodeDown" ⟶ alertname!="NodeDown" (equal: instance)`: now also suppresses `ApiVerySlow` while `NodeDown` fires',
        ]),
      );
      expect(lines.join('\n')).not.toMatch(/### Dashboards|\*\*Changed\*\*/);
    },
    minutes(3),
  );

  it(
    'a widened and a moved panel: one line each, the panels that shifted only counted',
    async () => {
      const file = 'dashboards-src/dashboards/api-performance.ts';
      await edit(
        file,
        'requestRateTimeseries({ matchers, id: ids.requestRate })',
        'requestRateTimeseries({ matchers, id: ids.requestRate, width: 24 })',
      );
      await edit(file, '      topEndpointsBarGauge({ matchers, id: ids.topEndpoints }),\n', '');
      await edit(
        file,
        '      errorRateByRouteTimeseries({ matchers, id: ids.errorRate }),\n',
        '      topEndpointsBarGauge({ matchers, id: ids.topEndpoints }),\n      errorRateByRouteTimeseries({ matchers, id: ids.errorRate }),\n',
      );
      const lines = await planNow();
      expect(lines, lines.join('\n')).toEqual([
        '## Plan against HEAD',
        '',
        '### Dashboards',
        '',
        '#### API Performance (porttrack-api)',
        '',
        '| Panel | Change | Before | After |',
        '|---|---|---|---|',
        '| `Request rate` | width | 12 | 24 |',
        '| `Top endpoints` | position | after Status codes | after Errors and endpoints |',
        '',
        '14 other panels only shifted to make room (layout, not listed).',
        '',
      ]);
    },
    minutes(3),
  );

  it(
    'a new receiver, its route and a changed inhibition: who each alert reaches now, and what the inhibition suppresses',
    async () => {
      await edit('lib/monitoring/receivers.ts', "'deadman'] as const;", "'deadman', 'security'] as const;");
      await edit(
        'rules/routing/alertmanager-config.ts',
        "        route({ receiver: 'oncall', matchers: [critical], repeat_interval: oncallRepeat }),",
        "        route({ receiver: 'security', matchers: [anyOf('alertname', ['ApiFailedLoginsHigh', 'ApiCredentialStuffing'])] }),\n        route({ receiver: 'oncall', matchers: [critical], repeat_interval: oncallRepeat }),",
      );
      await edit(
        'rules/routing/alertmanager-config.ts',
        "equal: ['alertname', 'service'],",
        "equal: ['service'],",
      );
      const lines = await planNow();
      expect(lines, lines.join('\n')).toEqual(
        expect.arrayContaining([
          '| `ApiFailedLoginsHigh` | platform | security |',
          '| `ApiCredentialStuffing` | platform | security |',
          `The other ${readRules(base).alerts.size - 2} alerts reach the same receivers as before.`,
          '- route added: `alertname=~"ApiFailedLoginsHigh\\|ApiCredentialStuffing" → security`',
          '- receiver added: `security`',
        ]),
      );
      const receiverRows = lines.filter((l) => /^\| `\w+` \| \w+ \| \w+ \|$/.test(l));
      expect(receiverRows).toHaveLength(2);
      // Equal on service alone: every critical alert now silences every warning of its service.
      const at = lines.findIndex((l) => l.startsWith('- changed `severity="critical"'));
      expect(lines[at]).toMatch(
        /^- changed `severity="critical" ⟶ severity="warning" \(equal: alertname, service\)` → `severity="critical" ⟶ severity="warning" \(equal: service\)`: now also suppresses \d+ alerts:$/,
      );
      expect(lines.slice(at + 1)).toEqual(
        expect.arrayContaining([
          '  - `NodeHighCpu`, `NodeMemoryHigh` and `NodeDiskSpaceLow` while `NodeDown`, `NodeMissing` or `NodeDiskFillingUp` fires',
          '  - `PublicCertificateExpiresSoon` while `PublicEndpointDown` fires',
        ]),
      );
      expect(lines.slice(at + 1).find((l) => l.startsWith('  - `ApiHighLatency`'))).toMatch(
        /while `ApiDown`, `ApiHighErrorRate`, `\w+` or \d+ more fire$/,
      );
    },
    minutes(3),
  );
});
