import { dump } from 'js-yaml';
import { type GeneratedFile, yamlHeader } from '../../lib/generated.ts';
import {
  type AlertmanagerOptions,
  alertmanagerConfig,
  stackAlertmanagerOptions,
} from './alertmanager-config.ts';

export const alertmanagerPath = 'stack/alertmanager/alertmanager.yml';

export function renderAlertmanager(options: AlertmanagerOptions = stackAlertmanagerOptions()): string {
  return (
    yamlHeader('rules/routing/alertmanager-config.ts') +
    dump(alertmanagerConfig(options), { lineWidth: -1, noRefs: true })
  );
}

export const alertmanagerFile = (options?: AlertmanagerOptions): GeneratedFile => ({
  path: alertmanagerPath,
  content: renderAlertmanager(options),
});
