import type { Logger } from '../../lib/logger.ts';
import { channelsFor, type NotifierConfig } from '../config.ts';
import type { OutboxStore } from '../outbox/store.ts';
import type { Heartbeats } from './heartbeats.ts';
import { markers, type Notice } from '../rendering/notice.ts';

export const heartbeatName = 'deadman';

export interface DeadmanSilence {
  lastSeen: string;
  timeoutMs: number;
}

/**
 * The dead man's switch: Alertmanager sends the always-firing Watchdog to the `deadman`
 * receiver every few minutes. When those heartbeats stop, Prometheus or Alertmanager (or the
 * path to us) is broken and no other alert can arrive, so the notifier itself tells on-call,
 * once per silence. It arms itself with the first heartbeat it ever sees.
 */
export async function checkDeadman(
  store: OutboxStore,
  heartbeats: Heartbeats,
  config: NotifierConfig,
  logger: Logger,
  now = new Date(),
): Promise<boolean> {
  const lastSeen = await heartbeats.last(heartbeatName);
  if (!lastSeen || now.getTime() - lastSeen.getTime() < config.deadmanTimeoutMs) return false;
  const silence: DeadmanSilence = { lastSeen: lastSeen.toISOString(), timeoutMs: config.deadmanTimeoutMs };
  const result = await store.enqueue({
    kind: 'deadman',
    receiver: config.deadmanNotify,
    // One notification per silence: the key is the heartbeat the silence started after.
    idempotencyKey: `deadman:${silence.lastSeen}`,
    status: 'firing',
    payload: silence,
    channels: channelsFor(config, config.deadmanNotify),
  });
  if (result.created) logger.error({ last_seen: silence.lastSeen }, "dead man's switch: heartbeats stopped");
  return result.created;
}

export function deadmanNotice(silence: DeadmanSilence, alertmanagerUrl: string | undefined): Notice {
  const minutes = Math.round(silence.timeoutMs / 60_000);
  return {
    title: '[FIRING:1] DeadMansSwitch (alerting)',
    marker: markers.critical,
    items: [
      {
        marker: markers.critical,
        heading: 'Alerting pipeline heartbeat lost.',
        body:
          `No Watchdog heartbeat from Alertmanager since ${silence.lastSeen} (over ${minutes} min). ` +
          'Prometheus, Alertmanager or the path to the notifier is down: other alerts cannot arrive.',
        fields: [
          ['Severity', 'critical'],
          ['Last heartbeat', silence.lastSeen],
        ],
        links: alertmanagerUrl ? [{ label: 'Alertmanager', url: alertmanagerUrl }] : [],
      },
    ],
  };
}
