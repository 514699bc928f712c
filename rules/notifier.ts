import { notifier } from '../lib/catalog/index.ts';
import { dashboardRef, jobs, onJob, ranges, sumRate, thresholds } from '../lib/monitoring/index.ts';
import { alert, ruleFile } from './build/define.ts';
import { input, target } from './build/test-input.ts';

const t = thresholds.notifier;
const host = { instance: 'notifier:9465' };
const slack = { ...host, channel: 'slack' };
const perChannel = (name: string) => sumRate(ranges.rule, onJob('notifier', name), ['job', 'channel']);

export const notifierRules = ruleFile(import.meta.url, 'notifier', {
  alerts: [
    alert({
      name: 'NotifierDown',
      expr: `${onJob('notifier', 'up')} == 0`,
      for: thresholds.platform.notifierDownFor,
      severity: 'critical',
      service: 'notifier',
      summary: 'The notifier is down: alerts are not delivered.',
      description: `{{ $labels.instance }} has not answered a scrape for ${thresholds.platform.notifierDownFor}: Alertmanager webhooks fail and no Slack message or email goes out.`,
      identifiedBy: ['instance'],
      dashboard: dashboardRef('alerts', 'notifierQueue'),
      test: {
        firing: [input('notifier', 'up', host, '0x20')],
        labels: target('notifier', host.instance),
        healthy: [input('notifier', 'up', host, '1x20')],
      },
    }),
    alert({
      name: 'NotifierOutboxDown',
      expr: `${onJob('notifier', notifier.outboxUp.name)} == 0`,
      for: t.outboxDownFor,
      severity: 'critical',
      service: 'notifier',
      summary: "The notifier's outbox is unreachable: pages are held.",
      description: `{{ $labels.instance }} has not reached its outbox in PostgreSQL for ${t.outboxDownFor}: it answers Alertmanager's webhooks 503, so every Slack message and email through the notifier is held until the database is back. Alertmanager mails this alert directly, without the notifier.`,
      identifiedBy: ['instance'],
      dashboard: dashboardRef('alerts', 'notifierQueue'),
      test: {
        firing: [input('notifier', notifier.outboxUp.name, host, '0x20')],
        labels: target('notifier', host.instance),
        healthy: [input('notifier', notifier.outboxUp.name, host, '1x20')],
      },
    }),
    alert({
      name: 'NotifierDeliveryFailing',
      expr: `${perChannel(notifier.failed.name)} / (${perChannel(notifier.delivered.name)} + ${perChannel(notifier.failed.name)}) > ${t.failedRatio}`,
      for: t.failedFor,
      severity: 'warning',
      service: 'notifier',
      summary: 'The notifier fails to deliver to a channel.',
      description: `{{ $value | humanizePercentage }} of delivery attempts to {{ $labels.channel }} failed over 5 minutes (threshold ${t.failedRatio * 100}%); they are retried, but alerts arrive late.`,
      identifiedBy: ['channel'],
      dashboard: dashboardRef('alerts', 'notifications'),
      test: {
        firing: [
          input('notifier', notifier.failed.name, slack, '0+3x30'),
          input('notifier', notifier.delivered.name, slack, '0+7x30'),
        ],
        labels: { job: jobs.notifier, channel: 'slack' },
        value: '30%',
        healthy: [
          input('notifier', notifier.failed.name, slack, '0x30'),
          input('notifier', notifier.delivered.name, slack, '0+7x30'),
        ],
      },
    }),
    alert({
      name: 'NotifierBacklog',
      expr: `max by (job, channel) (${onJob('notifier', notifier.oldestPendingAge.name)}) > ${t.backlogSeconds}`,
      for: t.backlogFor,
      severity: 'warning',
      service: 'notifier',
      summary: 'Notifications are piling up undelivered.',
      description:
        'The oldest pending {{ $labels.channel }} delivery has waited {{ $value | humanizeDuration }}: people are learning about alerts late.',
      identifiedBy: ['channel'],
      dashboard: dashboardRef('alerts', 'notifierQueue'),
      test: {
        firing: [input('notifier', notifier.oldestPendingAge.name, slack, '600x20')],
        labels: { job: jobs.notifier, channel: 'slack' },
        value: '10m 0s',
        healthy: [input('notifier', notifier.oldestPendingAge.name, slack, '2x20')],
      },
    }),
    alert({
      name: 'NotifierDeadLetters',
      expr: `sum by (job, channel) (increase(${onJob('notifier', notifier.deadLettered.name)}[${t.deadLetterWindow}])) > 0`,
      for: t.deadLetterFor,
      severity: 'warning',
      service: 'notifier',
      summary: 'The notifier gave up on some notifications.',
      description: `Deliveries to {{ $labels.channel }} failed permanently in the last ${t.deadLetterWindow} and were dead-lettered: those alerts never reached anyone.`,
      identifiedBy: ['channel'],
      dashboard: dashboardRef('alerts', 'notifications'),
      test: {
        // The condition first holds here (the dead letter at 2 minutes).
        holdsFrom: '2m',
        firing: [
          input(
            'notifier',
            notifier.deadLettered.name,
            { ...host, channel: 'email' },
            '0 0 1 1 1 1 1 1 1 1 1 1',
          ),
        ],
        labels: { job: jobs.notifier, channel: 'email' },
        healthy: [input('notifier', notifier.deadLettered.name, { ...host, channel: 'email' }, '0x12')],
      },
    }),
  ],
});
