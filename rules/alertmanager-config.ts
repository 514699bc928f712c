// Entry point for the local stack (`npm start`) and the end-to-end drills: the real routing,
// pointed at a local notifier with short intervals. See rules/routing/ for the definitions.
import { fromSeconds } from '../lib/monitoring/index.ts';
import {
  type AlertmanagerOptions,
  alertmanagerConfig,
  localEmail,
  stackAlertmanagerOptions,
} from './routing/alertmanager-config.ts';
import { renderAlertmanager } from './routing/render.ts';

export { alertmanagerConfig, stackAlertmanagerOptions, type AlertmanagerOptions };

export interface LocalRoutingTargets {
  notifierUrl: string;
  tokenFile: string;
  groupWaitSeconds: number;
  groupIntervalSeconds: number;
  repeatIntervalSeconds: number;
  /** SMTP for the NotifierDown and NotifierOutboxDown emails Alertmanager sends itself (default: localhost:25, no TLS). */
  email?: AlertmanagerOptions['email'];
  externalHeartbeatUrl?: string;
}

/** alertmanager.yml for a local Alertmanager: same routes, receivers and inhibitions as the stack. */
export function renderLocalAlertmanagerConfig(targets: LocalRoutingTargets): string {
  return renderAlertmanager({
    notifierUrl: targets.notifierUrl,
    tokenFile: targets.tokenFile,
    groupWait: fromSeconds(targets.groupWaitSeconds),
    groupInterval: fromSeconds(targets.groupIntervalSeconds),
    repeatInterval: fromSeconds(targets.repeatIntervalSeconds),
    email: targets.email ?? localEmail,
    ...(targets.externalHeartbeatUrl ? { externalHeartbeatUrl: targets.externalHeartbeatUrl } : {}),
  });
}
