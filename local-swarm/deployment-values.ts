// A deployment's own values (deploy.env on a real host), set by the Swarm test itself: no
// generated file holds them, so what the services read back proves they came through deploy.sh,
// docker-stack.yml and Swarm's config templates, with nothing regenerated.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { runbookPath } from '../lib/monitoring/index.ts';
import type { TestStack } from './test-stack.ts';

export type DeploymentValues = Record<string, string>;

/** What the test deploys with; `round` tells two deployments' values apart. */
export function deploymentValues(stackName: string, round = 1): DeploymentValues {
  const domain = `deployment-${round}.${stackName}.test`;
  return {
    RUNBOOK_BASE_URL: `https://runbooks.${domain}/porttrack/-/blob/main`,
    ALERTMANAGER_SMTP_SMARTHOST: `smtp.${domain}:2525`,
    ALERTMANAGER_EMAIL_FROM: `alertmanager@${domain}`,
    ALERTMANAGER_EMAIL_TO: `oncall@${domain}`,
    ALERTMANAGER_SMTP_USERNAME: `alertmanager-${round}`,
  };
}

/** Alertmanager's running configuration, as it loaded it (`config.original` of /api/v2/status). */
export async function alertmanagerConfigText(stack: TestStack): Promise<string> {
  const res = await stack.https('/alertmanager/api/v2/status', { headers: stack.monitoringAuth() });
  if (res.status !== 200)
    throw new Error(`/alertmanager/api/v2/status: ${res.status} ${res.text.slice(0, 200)}`);
  return res.json<{ config: { original: string } }>().config.original;
}

interface RuleAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** The Watchdog's annotations template, and its firing alert's, from Prometheus' rules API. */
export async function watchdogRunbook(stack: TestStack): Promise<{ template?: string; firing?: string }> {
  const res = await stack.https('/prometheus/api/v1/rules?type=alert', { headers: stack.monitoringAuth() });
  const groups = res.json<{
    data: {
      groups: Array<{
        rules: Array<{ name: string; annotations: Record<string, string>; alerts: RuleAlert[] }>;
      }>;
    };
  }>().data.groups;
  const rule = groups.flatMap((g) => g.rules).find((r) => r.name === 'Watchdog');
  return { template: rule?.annotations.runbook_url, firing: rule?.alerts[0]?.annotations.runbook_url };
}

/** The Watchdog as Alertmanager holds it: its labels (without the runbook base) and runbook link. */
export async function watchdogInAlertmanager(stack: TestStack): Promise<RuleAlert | undefined> {
  const filter = encodeURIComponent('alertname="Watchdog"');
  const res = await stack.https(`/alertmanager/api/v2/alerts?filter=${filter}`, {
    headers: stack.monitoringAuth(),
  });
  return res.json<RuleAlert[]>()[0];
}

interface RunningConfig {
  global?: Record<string, unknown>;
  receivers?: Array<{ name: string; webhook_configs?: unknown[]; email_configs?: Array<{ to?: string }> }>;
}

/**
 * What is wrong with the running configuration for these values: nothing when all arrived.
 * Alertmanager's `config.original` is the configuration it loaded, marshalled again (defaults
 * filled in, secrets such as webhook URLs shown as <secret>): read as YAML, not as our text.
 */
export async function valuesProblems(stack: TestStack, values: DeploymentValues, heartbeat: boolean) {
  const problems: string[] = [];
  const text = await alertmanagerConfigText(stack);
  const config = load(text) as RunningConfig;
  const expect = (ok: boolean, what: string) => ok || problems.push(what);
  const global = config.global ?? {};
  expect(
    global.smtp_smarthost === values.ALERTMANAGER_SMTP_SMARTHOST,
    `Alertmanager: smtp_smarthost ${String(global.smtp_smarthost)}`,
  );
  expect(
    global.smtp_from === values.ALERTMANAGER_EMAIL_FROM,
    `Alertmanager: smtp_from ${String(global.smtp_from)}`,
  );
  expect(
    global.smtp_auth_username === values.ALERTMANAGER_SMTP_USERNAME,
    `Alertmanager: smtp_auth_username ${String(global.smtp_auth_username)}`,
  );
  const receiver = (name: string) => config.receivers?.find((r) => r.name === name);
  const to = receiver('notifier-down-email')?.email_configs?.[0]?.to;
  expect(to === values.ALERTMANAGER_EMAIL_TO, `Alertmanager: NotifierDown e-mailed to ${to}`);
  const hooks = receiver('heartbeat')?.webhook_configs?.length ?? 0;
  expect(
    hooks === (heartbeat ? 1 : 0),
    `Alertmanager: ${hooks} heartbeat webhook(s), expected ${heartbeat ? 1 : 0}`,
  );
  expect(!text.includes('env "'), 'Alertmanager: a template action left unrendered');
  const runbook = `${values.RUNBOOK_BASE_URL}/${runbookPath('Watchdog')}`;
  const prometheus = await watchdogRunbook(stack);
  expect(
    prometheus.firing === runbook,
    `Prometheus: Watchdog's runbook_url ${prometheus.firing}, not ${runbook}`,
  );
  const held = await watchdogInAlertmanager(stack);
  expect(
    held?.annotations.runbook_url === runbook,
    `Alertmanager: Watchdog's runbook_url ${held?.annotations.runbook_url}`,
  );
  expect(
    held !== undefined && !('runbook_base_url' in held.labels),
    'Alertmanager: Watchdog carries runbook_base_url',
  );
  return problems;
}

/** The committed templates the stack was deployed from still hold no deployment value. */
export function templatesUntouched(stackDir: string, repoRoot: string, values: DeploymentValues): string[] {
  return [
    'alertmanager/alertmanager.yml',
    'prometheus/prometheus.yml',
    'prometheus/rules/prometheus.rules.yml',
  ].flatMap((file) => {
    const deployed = readFileSync(join(stackDir, file), 'utf8');
    const committed = readFileSync(join(repoRoot, 'stack', file), 'utf8');
    const held = Object.values(values).filter((v) => deployed.includes(v));
    return [
      ...(deployed === committed ? [] : [`${file} differs from the committed file`]),
      ...held.map((v) => `${file} holds ${v}`),
    ];
  });
}
