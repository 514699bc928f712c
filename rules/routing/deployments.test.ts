import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { templateVariables, unsupportedActions } from '../../lib/swarm-template.ts';
import { alertmanagerConfig, deploymentVariables, stackAlertmanagerOptions } from './alertmanager-config.ts';
import { deployedAlertmanager, sampleDeployments } from './deployments.ts';
import { renderStackAlertmanager } from './render.ts';

// The stack's alertmanager.yml knows no deployment: each deployment's values reach Alertmanager
// when Swarm renders the template with the service's environment (from deploy.env). What
// Alertmanager then reads is what generating with those values would have written.
const v = deploymentVariables;
const dir = mkdtempSync(join(tmpdir(), 'porttrack-am-deployments-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The configuration a deployment with these values gets, built directly from its values. */
function expectedFor(env: Record<string, string | undefined>) {
  const config = alertmanagerConfig({
    ...stackAlertmanagerOptions,
    email: {
      ...stackAlertmanagerOptions.email,
      smarthost: env[v.smarthost]!,
      from: env[v.from]!,
      to: env[v.to]!,
      username: env[v.username]!,
    },
    externalHeartbeatUrl: env[v.heartbeatUrl] || 'unset',
  });
  // Without a URL the heartbeat's route stays and its receiver has no webhook.
  if (!env[v.heartbeatUrl])
    for (const r of config.receivers as Array<{ name: string; webhook_configs?: unknown[] }>)
      if (r.name === 'heartbeat') r.webhook_configs = [];
  return config;
}

describe("the stack's alertmanager.yml, a Swarm config template", () => {
  const template = renderStackAlertmanager();

  it('reads the deployment variables only, with actions this renderer and deploy.sh render alike', () => {
    expect(templateVariables(template)).toEqual(Object.values(v).sort());
    expect(unsupportedActions(template)).toEqual([]);
  });

  it.each(Object.entries(sampleDeployments))(
    'deployed for %s: the deployment values, valid for amtool',
    (name, env) => {
      const rendered = deployedAlertmanager(env, template);
      expect(load(rendered)).toEqual(JSON.parse(JSON.stringify(expectedFor(env))));
      const file = join(dir, `${name}.yml`);
      writeFileSync(file, rendered);
      expect(execFileSync('amtool', ['check-config', file], { encoding: 'utf8' })).toContain('SUCCESS');
    },
  );
});
