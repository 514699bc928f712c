import { receivers } from '../monitoring/receivers.ts';
import { defineMetric } from './define.ts';
import { oneOf, shaped } from './label-values.ts';

/** Where the notifier delivers: the `channel` label. */
export const notifierChannels = ['slack', 'email', 'log'] as const;
/** What a deployment report says happened: the `status` label of the deployment metrics. */
export const deploymentStatuses = ['started', 'succeeded', 'failed', 'rolled_back'] as const;
/** A deployed service's name as a deployment report gives it. */
export const deployedServiceName = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export const notifier = {
  received: defineMetric({
    name: 'porttrack_notifier_received_total',
    type: 'counter',
    help: 'Alertmanager webhook notifications accepted, by receiver.',
    labelNames: ['receiver'],
    labelValues: { receiver: oneOf(receivers) },
    service: 'notifier',
  }),
  delivered: defineMetric({
    name: 'porttrack_notifier_delivered_total',
    type: 'counter',
    help: 'Notifications delivered, by channel (slack, email, log).',
    labelNames: ['channel'],
    labelValues: { channel: oneOf(notifierChannels) },
    service: 'notifier',
  }),
  failed: defineMetric({
    name: 'porttrack_notifier_failed_total',
    type: 'counter',
    help: 'Delivery attempts that failed, by channel.',
    labelNames: ['channel'],
    labelValues: { channel: oneOf(notifierChannels) },
    service: 'notifier',
  }),
  retried: defineMetric({
    name: 'porttrack_notifier_retried_total',
    type: 'counter',
    help: 'Deliveries scheduled for another attempt, by channel.',
    labelNames: ['channel'],
    labelValues: { channel: oneOf(notifierChannels) },
    service: 'notifier',
  }),
  deadLettered: defineMetric({
    name: 'porttrack_notifier_dead_lettered_total',
    type: 'counter',
    help: 'Deliveries given up on (permanent error), by channel.',
    labelNames: ['channel'],
    labelValues: { channel: oneOf(notifierChannels) },
    service: 'notifier',
  }),
  queueDepth: defineMetric({
    name: 'porttrack_notifier_queue_depth',
    type: 'gauge',
    help: 'Deliveries pending, by channel.',
    labelNames: ['channel'],
    labelValues: { channel: oneOf(notifierChannels) },
    service: 'notifier',
  }),
  oldestPendingAge: defineMetric({
    name: 'porttrack_notifier_oldest_pending_age_seconds',
    type: 'gauge',
    help: 'Age of the oldest pending delivery, by channel.',
    unit: 'seconds',
    labelNames: ['channel'],
    labelValues: { channel: oneOf(notifierChannels) },
    service: 'notifier',
  }),
  outboxUp: defineMetric({
    name: 'porttrack_notifier_outbox_up',
    type: 'gauge',
    help: "1 if the notifier's last outbox query (at scrape time) succeeded, 0 if it failed: pages wait while 0.",
    labelNames: [],
    service: 'notifier',
  }),
  deliveryDuration: defineMetric({
    name: 'porttrack_notifier_delivery_duration_seconds',
    type: 'histogram',
    help: 'Time from acceptance to successful delivery, by channel.',
    unit: 'seconds',
    labelNames: ['channel'],
    labelValues: { channel: oneOf(notifierChannels) },
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
    service: 'notifier',
  }),
  deadmanLastSeen: defineMetric({
    name: 'porttrack_notifier_deadman_last_seen_timestamp_seconds',
    type: 'gauge',
    help: "Unix time of the last dead man's switch heartbeat (Alertmanager's Watchdog) received; 0 if none yet.",
    unit: 'timestamp_seconds',
    labelNames: [],
    service: 'notifier',
  }),
  deployments: defineMetric({
    name: 'porttrack_deployments_total',
    type: 'counter',
    help: 'Deployments reported, by service and status.',
    labelNames: ['service', 'status'],
    labelValues: {
      service: shaped(deployedServiceName, ['api', 'exporters', 'notifier', 'synthetics']),
      status: oneOf(deploymentStatuses),
    },
    service: 'notifier',
  }),
  lastDeployment: defineMetric({
    name: 'porttrack_deployment_last_timestamp_seconds',
    type: 'gauge',
    help: 'Unix time of the last deployment reported, by service and status.',
    unit: 'timestamp_seconds',
    labelNames: ['service', 'status'],
    labelValues: {
      service: shaped(deployedServiceName, ['api', 'exporters', 'notifier', 'synthetics']),
      status: oneOf(deploymentStatuses),
    },
    service: 'notifier',
  }),
} as const;
