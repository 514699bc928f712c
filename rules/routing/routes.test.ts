import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alertLabels } from '../build/annotations.ts';
import { ruleFiles } from '../rule-files.ts';
import { deployedAlertmanager, sampleDeployments } from './deployments.ts';

// The routing policy of the issue, stated independently of the routing tree: every alert we
// define must reach exactly these receivers through the generated configuration, as deployed.
function expectedReceivers(labels: Record<string, string>): string[] {
  // The deployment's external dead-man's switch (nowhere when it has none), then the notifier's.
  if (labels.alertname === 'Watchdog') return ['heartbeat', 'deadman'];
  // Alertmanager emails the notifier's death, and its outbox lost, itself; the notifier pages
  // them too once back.
  if (labels.alertname === 'NotifierDown' || labels.alertname === 'NotifierOutboxDown')
    return ['notifier-down-email', 'oncall'];
  if (labels.team === 'port-operations')
    return labels.severity === 'critical' ? ['port-managers', 'oncall'] : ['port-managers'];
  return labels.severity === 'critical' ? ['oncall'] : ['platform'];
}

describe('every defined alert routes per the policy (amtool)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'porttrack-routes-'));
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(config, deployedAlertmanager(sampleDeployments.withoutHeartbeat));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const alerts = ruleFiles.flatMap((f) => f.alerts);
  it.each(alerts.map((a) => [a.name, a] as const))('%s', (_name, alert) => {
    const labels = { alertname: alert.name, ...alertLabels(alert) };
    const out = execFileSync(
      'amtool',
      [
        'config',
        'routes',
        'test',
        `--config.file=${config}`,
        ...Object.entries(labels).map(([k, v]) => `${k}=${v}`),
      ],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    expect(out.trim().split(',')).toEqual(expectedReceivers(labels));
  });
});
