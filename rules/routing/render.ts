import { dump } from 'js-yaml';
import { type GeneratedFile, yamlHeader } from '../../lib/generated.ts';
import { envValue, ifEnv } from '../../lib/swarm-template.ts';
import {
  type AlertmanagerOptions,
  alertmanagerConfig,
  composeAlertmanagerOptions,
  deploymentVariables,
  stackAlertmanagerOptions,
} from './alertmanager-config.ts';

/** The stack's: a Swarm config template (docker-stack.yml) that Swarm fills from deploy.env. */
export const alertmanagerPath = 'stack/alertmanager/alertmanager.yml';
/** The development compose file's: the same routing, no deployment. */
export const alertmanagerComposePath = 'stack/alertmanager/alertmanager.compose.yml';

/** alertmanager.yml for these options, as YAML text. */
export function renderAlertmanager(options: AlertmanagerOptions): string {
  return (
    yamlHeader('rules/routing/alertmanager-config.ts') +
    dump(alertmanagerConfig(options), { lineWidth: -1, noRefs: true })
  );
}

/**
 * The stack's alertmanager.yml template. The external heartbeat is optional, and a webhook must
 * have a URL: its receiver gets its one webhook only when ALERTMANAGER_HEARTBEAT_URL is set, and
 * none otherwise (a receiver without integrations notifies nobody; its route stays).
 */
export function renderStackAlertmanager(): string {
  const name = deploymentVariables.heartbeatUrl;
  const webhook = `      - url: '${envValue(name)}'\n        send_resolved: false\n`;
  const text = renderAlertmanager(stackAlertmanagerOptions);
  const at = text.indexOf(`  - name: heartbeat\n    webhook_configs:\n${webhook}`);
  if (at < 0) throw new Error('alertmanager.yml: the heartbeat receiver is not where render.ts expects it');
  const optional = ifEnv(name, `[{ url: '${envValue(name)}', send_resolved: false }]`, '[]');
  return text.replace(`    webhook_configs:\n${webhook}`, `    webhook_configs: ${optional}\n`);
}

export const alertmanagerFiles = (): GeneratedFile[] => [
  { path: alertmanagerPath, content: renderStackAlertmanager() },
  { path: alertmanagerComposePath, content: renderAlertmanager(composeAlertmanagerOptions) },
];
