// deploy.sh checks Prometheus's and Alertmanager's configs as Swarm will render them
// (lib/config-template.sh): its bash renderer must make of each committed template what
// lib/swarm-template.ts makes of it, given a deployment's values or else the stack file's defaults.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';
import { renderSwarmTemplate, templateVariables } from '../../lib/swarm-template.ts';
import { sampleDeployments } from '../../rules/routing/deployments.ts';

const script = join(repoRoot, 'stack/scripts/lib/config-template.sh');
const stackFile = join(repoRoot, 'stack/docker-stack.yml');
const templates = ['stack/prometheus/prometheus.yml', 'stack/alertmanager/alertmanager.yml'];

/** deploy.sh's rendering of a committed template, with only `env` set of the deployment's variables. */
function bashRender(template: string, env: Record<string, string>) {
  return execFileSync(
    'bash',
    ['-c', `. "${script}" && render_config_template "$1" "$2"`, 'render', join(repoRoot, template), stackFile],
    { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } },
  );
}

/**
 * The default docker-stack.yml gives NAME (`NAME: ${NAME:-default}`), as Swarm would use it, or
 * else the first value it sets NAME to (`PROMETHEUS_REPLICA: a`).
 */
function stackDefault(name: string): string | undefined {
  const m = new RegExp(`^ *${name}: (?:\\$\\{${name}:-(.*)\\}|([^$].*))$`, 'm').exec(readFileSync(stackFile, 'utf8'));
  return m ? (m[1] ?? m[2]) : undefined;
}

describe("deploy.sh's rendering of the config templates", () => {
  const deployments: Record<string, Record<string, string>> = {
    'no deployment values (the stack defaults)': {},
    ...(Object.fromEntries(
      Object.entries(sampleDeployments).map(([name, env]) => [
        name,
        { ...(env as Record<string, string>), RUNBOOK_BASE_URL: 'https://runbooks.deployment.test/x', PORTTRACK_BLACKBOX_TARGET: 'https://a.test/healthz?x=1&y=2' },
      ]),
    ) as Record<string, Record<string, string>>),
  };

  it.each(templates.flatMap((t) => Object.keys(deployments).map((d) => [t, d] as const)))(
    '%s, %s: as lib/swarm-template.ts renders it',
    (template, deployment) => {
      const env = deployments[deployment]!;
      const text = readFileSync(join(repoRoot, template), 'utf8');
      const effective = Object.fromEntries(templateVariables(text).map((n) => [n, env[n] || stackDefault(n)]));
      // Every variable a template reads has a place in docker-stack.yml.
      for (const name of templateVariables(text)) expect(stackDefault(name), name).toBeDefined();
      expect(bashRender(template, env)).toBe(renderSwarmTemplate(text, effective));
    },
  );
});
