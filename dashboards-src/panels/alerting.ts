import { notifier } from '../../lib/catalog/index.ts';
import { jobMatcher, ranges, rateOf, selector, sumBy } from '../../lib/monitoring/index.ts';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { promTarget } from '../core/targets.ts';
import { stat, table, timeseries } from './kinds.ts';

const firing = 'ALERTS{alertstate="firing"}';
/** The alert in Alertmanager's UI, which the stack serves at /alertmanager/ beside /grafana/. */
const alertmanagerAlertLink = `/alertmanager/#/alerts?filter=${encodeURIComponent('{alertname="')}\${__value.raw}${encodeURIComponent('"}')}`;
const notifierJob = jobMatcher('notifier');

export function firingAlertsTable(size: PanelSize = {}): PanelSpec {
  return spec(
    table({
      title: 'Firing alerts',
      description:
        'Alerts firing now, with their labels (Prometheus `ALERTS`). The alert name opens it in Alertmanager, whose runbook_url link leads to its runbook.',
      unit: 'short',
      targets: [promTarget(0, firing, { instant: true, format: 'table' })],
    })
      .withTransformation({
        id: 'organize',
        options: { excludeByName: { Time: true, __name__: true, alertstate: true, Value: true } },
      })
      .overrideByName('alertname', [
        {
          id: 'links',
          // The runbook's base belongs to the deployment, which a generated dashboard knows nothing of:
          // Alertmanager (beside Grafana behind nginx) shows the alert with its runbook_url link.
          value: [
            { title: 'Alert and runbook (Alertmanager)', url: alertmanagerAlertLink, targetBlank: true },
          ],
        },
      ]),
    {
      ...size,
      emptyWhenHealthy: { drill: 'stop one API replica: ApiDown (or any fault drill) fires and shows here' },
    },
  );
}

export function firingCountStat(size: PanelSize = {}): PanelSpec {
  return spec(
    stat({
      title: 'Firing by severity',
      description: 'Number of firing alerts per severity; 0 when all is well.',
      unit: 'short',
      sparkline: false,
      thresholdSteps: [
        { from: null, color: 'green' },
        { from: 1, color: 'red' },
      ],
      targets: [
        promTarget(0, `count by (severity) (${firing})`, { legend: '{{severity}}', instant: true }),
        promTarget(1, `count(${firing}) or vector(0)`, { legend: 'total', instant: true }),
      ],
    }),
    { ...size, emptyWhenHealthy: { drill: 'any fault drill: its severity appears', refIds: ['A'] } },
  );
}

export function notificationsTimeseries(size: PanelSize = {}): PanelSpec {
  const byChannel = (metric: string) => sumBy(['channel'], rateOf(ranges.panel, metric, notifierJob));
  return spec(
    timeseries({
      title: 'Notifications delivered and failed by channel',
      description:
        'Deliveries per second by channel (Slack, email, log), failed attempts and dead-lettered ones.',
      unit: 'ops',
      targets: [
        promTarget(0, byChannel(notifier.delivered.name), { legend: 'delivered {{channel}}' }),
        promTarget(1, byChannel(notifier.failed.name), { legend: 'failed {{channel}}' }),
        promTarget(2, byChannel(notifier.deadLettered.name), { legend: 'dead-lettered {{channel}}' }),
      ],
    }),
    {
      ...size,
      emptyWhenHealthy: {
        drill: 'make the Slack receiver answer 500: failed attempts appear; a 404 dead-letters',
        refIds: ['B', 'C'],
      },
    },
  );
}

export function notifierQueueTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Notifier queue',
      description:
        'Deliveries waiting per channel, the age of the oldest (right axis), and whether each notifier reaches its outbox (1; 0: pages are held, NotifierOutboxDown).',
      unit: 'short',
      targets: [
        promTarget(0, sumBy(['channel'], selector(notifier.queueDepth.name, notifierJob)), {
          legend: '{{channel}}',
        }),
        promTarget(1, `max by (channel) (${selector(notifier.oldestPendingAge.name, notifierJob)})`, {
          legend: 'oldest {{channel}}',
        }),
        promTarget(2, `min by (instance) (${selector(notifier.outboxUp.name, notifierJob)})`, {
          legend: 'outbox reachable {{instance}}',
        }),
      ],
    }).overrideByQuery('B', [
      { id: 'unit', value: 's' },
      { id: 'custom.axisPlacement', value: 'right' },
    ]),
    size,
  );
}
