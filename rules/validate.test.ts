import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, writeGenerated } from '../lib/generated.ts';
import { formatProblem, type Problem } from '../lib/validation.ts';
import type { AlertSpec, RuleFileSpec } from './build/types.ts';
import { amtoolRouteTests } from './checks/amtool.ts';
import { freshnessCheck } from './checks/freshness.ts';
import { lintCheck } from './checks/lint.ts';
import { metricNamesCheck } from './checks/metric-names.ts';
import { mutationCheck } from './checks/mutation.ts';
import { realModel, type RulesModel } from './checks/model.ts';
import { promtoolTestRules } from './checks/promtool.ts';
import { routingNamesCheck } from './checks/routing-names.ts';
import { runbooksCheck } from './checks/runbooks.ts';
import { testCoverageCheck } from './checks/test-coverage.ts';
import { rulesFiles } from './generate.ts';
import { rulesChecks } from './validate.ts';

const real = realModel();

/** The real model with one alert changed. */
function withAlert(name: string, change: (alert: AlertSpec) => AlertSpec): RulesModel {
  const files: RuleFileSpec[] = real.files.map((file) => ({
    ...file,
    alerts: file.alerts.map((alert) => (alert.name === name ? change(alert) : alert)),
  }));
  return { ...real, files };
}

const only = (model: RulesModel, domain: string): RulesModel => ({
  ...model,
  files: model.files.filter((f) => f.domain === domain),
});
const lines = (problems: Problem[]) => problems.map(formatProblem);

describe('rules validation on the real tree', () => {
  it('passes every check', async () => {
    const failures: string[] = [];
    for (const check of rulesChecks())
      failures.push(...lines(await check.run()).map((l) => `${check.name}: ${l}`));
    expect(failures).toEqual([]);
    // The mutation check runs some 350 promtool processes: 2-4 minutes on two shared cores, and it
    // passed 400 s at a load average of 50 (full suite plus other work), hence the margin.
  }, 900_000);
});

describe('rules validation catches mistakes and names the rule and the file', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'porttrack-rules-test-'));
    await writeGenerated(rulesFiles(), root);
    await cp(join(repoRoot, 'runbooks'), join(root, 'runbooks'), { recursive: true });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('a typo in a metric name', async () => {
    const model = withAlert('ApiHighErrorRate', (a) => ({
      ...a,
      expr: a.expr.replace('http_request_duration_seconds_count', 'http_request_duration_second_count'),
    }));
    const problems = await metricNamesCheck(model).run();
    expect(lines(problems)).toEqual([
      'rules/api.ts [ApiHighErrorRate]: unknown metric http_request_duration_second_count: not in lib/catalog, the third-party lists or a recording rule',
    ]);
  });

  it('a missing runbook, and a runbook without an alert', async () => {
    await unlink(join(root, 'runbooks/alerts/NodeDown.md'));
    await writeFile(join(root, 'runbooks/alerts/NodeGone.md'), '# NodeGone\n');
    const problems = await runbooksCheck({ ...real, root }).run();
    expect(lines(problems)).toEqual([
      'runbooks/alerts/NodeDown.md [NodeDown]: missing runbook for alert NodeDown (defined in rules/node.ts)',
      'runbooks/alerts/NodeGone.md [NodeGone]: runbook for alert NodeGone, which no rule file defines: delete or rename it',
    ]);
  });

  it("a runbook whose Dashboard line names another panel than the alert's link", async () => {
    const path = join(root, 'runbooks/alerts/PostgresStandbyMissing.md');
    const content = await readFile(path, 'utf8');
    expect(content).toContain('(`porttrack-system/16`)');
    await writeFile(path, content.replace('(`porttrack-system/16`)', '(`porttrack-system/8`)'));
    const problems = await runbooksCheck({ ...real, root }).run();
    expect(lines(problems).filter((l) => l.includes('Dashboard'))).toEqual([
      'runbooks/alerts/PostgresStandbyMissing.md [PostgresStandbyMissing]: its "Dashboard:" line names System and Infrastructure, standby streaming (`porttrack-system/8`), but the alert links to System and Infrastructure (`porttrack-system/16`)',
    ]);
  });

  it('a stale generated file, naming the rule that changed', async () => {
    const path = join(root, 'stack/prometheus/rules/node.rules.yml');
    const content = await readFile(path, 'utf8');
    expect(content).toContain('> 0.8\n');
    await writeFile(path, content.replace('> 0.8\n', '> 0.7\n'));
    const problems = await freshnessCheck({ ...real, root }).run();
    expect(lines(problems)).toEqual([
      'stack/prometheus/rules/node.rules.yml [NodeHighCpu]: stale: run npm run generate and commit it',
    ]);
  });

  it('a promtool test whose expectation does not hold', async () => {
    const model = withAlert('ApiHighErrorRate', (a) => ({ ...a, test: { ...a.test, value: '11%' } }));
    const problems = await promtoolTestRules(only(model, 'api')).run();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'rules/api.ts', where: 'ApiHighErrorRate' });
    expect(problems[0]?.message).toContain('11%');
  });

  it('a test that lets a missing `for:` through, and a threshold no healthy input reaches', async () => {
    // Without holdsFrom, "silent before for" is checked before 5 failures a minute pass 10.
    const loose = withAlert('ApiFailedLoginsHigh', (a) => ({
      ...a,
      test: { ...a.test, holdsFrom: undefined },
    }));
    const api = await mutationCheck(only(loose, 'api')).run();
    expect(api.map((p) => [p.file, p.where, p.message.split(' (')[0]])).toEqual([
      ['rules/api.ts', 'ApiFailedLoginsHigh', 'ApiFailedLoginsHigh without `for: 1m`'],
    ]);
    // The healthy route is open with vessels scheduled: lowering `> 0` goes unnoticed.
    const route = withAlert('RouteClosedWithVesselsScheduled', (a) => ({
      ...a,
      test: { ...a.test, alsoSilentOn: undefined },
    }));
    const business = await mutationCheck(only(route, 'business')).run();
    expect(business.map((p) => [p.where, p.message])).toEqual([
      [
        'RouteClosedWithVesselsScheduled',
        'RouteClosedWithVesselsScheduled `> 0` (on porttrack_route_scheduled_vessels{job="porttrack-exporters"}) moved past the healthy input: no test input reaches this threshold, so no move of it can be tried; add an input that does',
      ],
    ]);
  }, 120_000);

  it('an alert without a healthy-input test', async () => {
    const model = withAlert('RedisDown', (a) => ({ ...a, test: { ...a.test, healthy: null } }));
    expect(lines(await testCoverageCheck(model).run())).toEqual([
      'rules/redis.ts [RedisDown]: no promtool test shows it silent on healthy input',
    ]);
  });

  it('lint: name, summary, description labels, absent() without for, raw counters', async () => {
    const model = withAlert('ApiDown', (a) => ({
      ...a,
      name: 'api_down',
      for: '0m',
      summary: 'the API is down',
      description: 'It is down.',
      expr: `${a.expr} or rate(porttrack_logins_total[5m]) > 0 or porttrack_logins_total > 5`,
    }));
    const messages = (await lintCheck(model).run())
      .filter((p) => p.where === 'api_down')
      .map((p) => p.message);
    expect(messages).toEqual([
      'alert name must be CamelCase and at most 40 characters',
      'summary must start with a capital letter and end with a period',
      'description must be templated with {{ $labels.job }}',
      'absent() needs a `for` (a missing series is normal for a scrape or two)',
      'counter porttrack_logins_total used outside rate()/irate()/increase()',
    ]);
  });

  it('lint: a counter difference over an offset only guarded against resets', async () => {
    const c = 'porttrack_logins_total{job="porttrack-api"}';
    const guarded = `sum((${c} - ${c} offset 5m >= 0) or increase(${c}[5m]))`;
    const lint = async (expr: string) =>
      (await lintCheck(withAlert('ApiDown', (a) => ({ ...a, expr: `${a.expr} or ${expr} > 5` }))).run())
        .filter((p) => p.where === 'ApiDown')
        .map((p) => p.message);
    expect(await lint(guarded)).toEqual([]);
    // No reset guard, or a fallback over another range or counter: a plain counter use.
    for (const unguarded of [
      `sum(${c} - ${c} offset 5m)`,
      `sum((${c} - ${c} offset 5m >= 0) or increase(${c}[1h]))`,
      `sum((${c} - ${c} offset 5m >= 0) or increase(porttrack_logins_total[5m]))`,
    ])
      expect(await lint(unguarded)).toContain(
        'counter porttrack_logins_total used outside rate()/irate()/increase()',
      );
  });

  it('a route case whose receivers do not match', async () => {
    const model: RulesModel = {
      ...real,
      routeCases: [{ name: 'warning pages', alert: 'NodeHighCpu', receivers: ['oncall'] }],
    };
    const problems = await amtoolRouteTests(model).run();
    expect(lines(problems)).toEqual([
      'rules/routing/route-cases.ts [warning pages]: labels {"alertname":"NodeHighCpu","severity":"warning","service":"node"} reach [platform], expected [oncall]',
    ]);
  });

  it('a routing matcher on an alert that was renamed', async () => {
    const model = withAlert('NodeDown', (a) => ({ ...a, name: 'HostDown' }));
    expect(lines(await routingNamesCheck(model).run())).toEqual([
      'rules/routing/alertmanager-config.ts [NodeDown]: routing or inhibition matches alertname NodeDown, which no rule file defines',
    ]);
  });
});
