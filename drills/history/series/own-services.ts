import { backup } from '../../../lib/catalog/backup.ts';
import { notifier as n } from '../../../lib/catalog/notifier.ts';
import { synthetics as s } from '../../../lib/catalog/synthetics.ts';
import type { Moment } from '../moment.ts';
import { counter, expCdf, gauge, histogram, type Series } from './define.ts';

/** The notifier's deliveries, the synthetic journeys and the backups' freshness. */
const notifierAt = '10.0.1.31:9465';
const syntheticsAt = '10.0.1.32:9466';
const channels = ['slack', 'email', 'log'];
const journeys = ['smoke', 'login-list-vessels', 'ingest-position'];
const backups = [
  { kind: 'full', repo: 'repo1', everyS: 7 * 86_400 },
  { kind: 'diff', repo: 'repo1', everyS: 86_400 },
  { kind: 'full', repo: 'repo2', everyS: 7 * 86_400 },
  // backup-schedule.sh backs up both repositories every day: a diff on the days without a full.
  { kind: 'diff', repo: 'repo2', everyS: 86_400 },
  { kind: 'dump', repo: 'sets', everyS: 86_400 },
];
/** Alertmanager's Watchdog heartbeat, and a notification now and then. */
const notificationRate = 1 / 240;

export function ownServiceSeries(): Series[] {
  return [
    counter(n.received.name, 'notifier', notifierAt, { receiver: 'default' }, () => notificationRate),
    ...channels.flatMap((channel) => [
      counter(n.delivered.name, 'notifier', notifierAt, { channel }, () => notificationRate),
      counter(n.failed.name, 'notifier', notifierAt, { channel }, () => 0),
      counter(n.retried.name, 'notifier', notifierAt, { channel }, () => 0),
      counter(n.deadLettered.name, 'notifier', notifierAt, { channel }, () => 0),
      gauge(n.queueDepth.name, 'notifier', notifierAt, { channel }, () => 0),
      gauge(n.oldestPendingAge.name, 'notifier', notifierAt, { channel }, () => 0),
      ...histogram(
        n.deliveryDuration.name,
        'notifier',
        notifierAt,
        { channel },
        n.deliveryDuration.buckets ?? [],
        () => notificationRate,
        (_m, le) => expCdf(le, 0.4),
        () => 0.4,
      ),
    ]),
    // The outbox always answers in the model: no incident takes the database's node.
    gauge(n.outboxUp.name, 'notifier', notifierAt, {}, () => 1),
    gauge(n.deadmanLastSeen.name, 'notifier', notifierAt, {}, (m) => m.t - (m.t % 60)),
    counter(
      n.deployments.name,
      'notifier',
      notifierAt,
      { service: 'api', status: 'success' },
      () => 1 / 86_400,
    ),
    gauge(
      n.lastDeployment.name,
      'notifier',
      notifierAt,
      { service: 'api', status: 'success' },
      (m) => m.t - (m.t % 86_400),
    ),
    ...journeys.flatMap((journey, i) => [
      gauge(s.probeSuccess.name, 'synthetics', syntheticsAt, { journey }, (m) => (m.apiUp ? 1 : 0)),
      gauge(
        s.probeDuration.name,
        'synthetics',
        syntheticsAt,
        { journey },
        (m) => 0.3 + 0.1 * m.jitter(40 + i),
      ),
      gauge(s.probeLastRun.name, 'synthetics', syntheticsAt, { journey }, (m) => m.t - (m.t % 60)),
    ]),
    ...backups.map(({ kind, repo, everyS }) =>
      gauge(
        backup.lastSuccess.name,
        'node',
        '10.0.1.41:9100',
        { kind, repo },
        (m: Moment) => m.t - (m.t % everyS) + 1800,
      ),
    ),
  ];
}
