import type { Check } from '../../lib/validation.ts';
import { alertmanagerConfig, stackAlertmanagerOptions } from '../routing/alertmanager-config.ts';
import { allAlerts, type RulesModel } from './model.ts';

/** Alert names the routing tree and the inhibitions match on (`alertname=...` matchers). */
export function routedAlertNames(config = alertmanagerConfig(stackAlertmanagerOptions)): string[] {
  const matchers = [
    ...config.route.routes.flatMap((r) => r.matchers),
    ...config.inhibit_rules.flatMap((r) => [...r.source_matchers, ...r.target_matchers]),
  ];
  return [
    ...new Set(
      matchers.flatMap((m) => {
        const found = /^alertname(?:=|!=|=~|!~)"(.*)"$/.exec(m);
        return found ? (found[1] as string).split('|') : [];
      }),
    ),
  ];
}

/** A renamed alert must not silently fall out of a route or an inhibition. */
export const routingNamesCheck = (model: RulesModel): Check => ({
  name: 'routing names existing alerts',
  run: async () => {
    const defined = new Set(allAlerts(model).map(({ alert }) => alert.name));
    return routedAlertNames()
      .filter((name) => !defined.has(name))
      .map((name) => ({
        file: 'rules/routing/alertmanager-config.ts',
        where: name,
        message: `routing or inhibition matches alertname ${name}, which no rule file defines`,
      }));
  },
});
