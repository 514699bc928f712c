import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../rules/checks/exec.ts';
import { deployedAlertmanager, sampleDeployments } from '../rules/routing/deployments.ts';
import { renderStackAlertmanager } from '../rules/routing/render.ts';
import { renderRuleFiles } from '../rules/generate.ts';
import { readRouting } from './routing-section.ts';
import { type Labels, type RawRoute, receiversFor } from './route-tree.ts';
import { alertLabels, readRules } from './rules-model.ts';

// The plan's route matcher against Alertmanager's own (`amtool config routes test`, 0.25):
// for every alert the project defines on the generated tree, and on a made-up tree that uses
// what the generated one does not (nesting, inherited receivers, match/match_re, !~).

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-route-tree-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function amtool(config: string, labels: Labels): Promise<string[]> {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const result = await runTool('amtool', ['config', 'routes', 'test', `--config.file=${config}`, ...pairs]);
  expect(result.code, result.output).toBe(0);
  // The first line: amtool adds a warning about --alertmanager.url on stderr.
  return result.output.trim().split('\n')[0]!.split(',');
}

describe('receiversFor', () => {
  it('agrees with amtool on every alert of the generated routing', async () => {
    const config = join(dir, 'deployed.yml');
    await writeFile(config, deployedAlertmanager(sampleDeployments.withHeartbeat));
    const { route } = readRouting(
      new Map([['stack/alertmanager/alertmanager.yml', renderStackAlertmanager()]]),
    );
    const rules = readRules(new Map(renderRuleFiles().map((f) => [f.path, f.content])));
    const sets = [...rules.alerts.values()].map(alertLabels);
    expect(sets.length).toBeGreaterThan(40);
    for (const labels of [...sets, { alertname: 'Unlabelled' }]) {
      expect(receiversFor(route, labels), JSON.stringify(labels)).toEqual(await amtool(config, labels));
    }
    // One amtool run per alert: seconds on an idle machine, more on a busy one.
  }, 180_000);

  it('agrees with amtool on nesting, inheritance, continue and the older match forms', async () => {
    const route: RawRoute = {
      receiver: 'root',
      routes: [
        {
          matchers: ['team="ops"'],
          continue: true,
          routes: [
            { receiver: 'ops-db', match_re: { service: 'postgres|redis' } },
            { receiver: 'ops-page', matchers: ['severity="critical"', 'env!~"dev|test"'] },
          ],
        },
        { receiver: 'legacy', match: { service: 'api' }, continue: true },
        { receiver: 'no-env', matchers: ['env=""'] },
        { receiver: 'rest', matchers: ['severity=~"warn.*"'] },
      ],
    };
    const receivers = ['root', 'ops-db', 'ops-page', 'legacy', 'no-env', 'rest'].map((name) => ({ name }));
    const config = join(dir, 'made-up.yml');
    await writeFile(config, dump({ route, receivers }));
    const cases: Labels[] = [
      { team: 'ops', service: 'redis', env: 'prod' },
      { team: 'ops', severity: 'critical', env: 'prod' },
      { team: 'ops', severity: 'critical', env: 'dev' },
      { team: 'ops', service: 'api', env: 'prod', severity: 'warning' },
      { service: 'api' },
      { service: 'api', env: 'prod', severity: 'warning' },
      { env: 'prod', severity: 'info' },
      { team: 'ops', service: 'redisx', env: 'x' },
    ];
    const seen = new Set<string>();
    for (const labels of cases) {
      const ours = receiversFor(route, labels);
      expect(ours, JSON.stringify(labels)).toEqual(await amtool(config, labels));
      ours.forEach((r) => seen.add(r));
    }
    expect([...seen].sort()).toEqual(receivers.map((r) => r.name).sort());
  });
});
