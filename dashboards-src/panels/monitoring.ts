import { jobMatcher, ranges, rateOf, selector, sumBy } from '../../lib/monitoring/index.ts';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { promTarget } from '../core/targets.ts';
import { timeseries } from './kinds.ts';

/** The monitoring stack watching itself. */
export function prometheusHealthTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Prometheus health',
      description:
        'Scrape targets up per job, rule evaluation failures and missed rule-group iterations per second.',
      unit: 'short',
      targets: [
        promTarget(0, sumBy(['job'], 'up'), { legend: 'up {{job}}' }),
        promTarget(
          1,
          sumBy(
            [],
            rateOf(ranges.panel, 'prometheus_rule_evaluation_failures_total', jobMatcher('prometheus')),
          ),
          {
            legend: 'rule failures/s',
          },
        ),
        promTarget(
          2,
          sumBy(
            [],
            rateOf(ranges.panel, 'prometheus_rule_group_iterations_missed_total', jobMatcher('prometheus')),
          ),
          {
            legend: 'missed iterations/s',
          },
        ),
      ],
    }),
    size,
  );
}

export function alertmanagerHealthTimeseries(size: PanelSize = {}): PanelSpec {
  const am = jobMatcher('alertmanager');
  return spec(
    timeseries({
      title: 'Alertmanager notifications',
      description: 'Notifications sent and failed per integration, and alerts Alertmanager currently holds.',
      unit: 'short',
      targets: [
        promTarget(0, sumBy(['integration'], rateOf(ranges.panel, 'alertmanager_notifications_total', am)), {
          legend: 'sent {{integration}}',
        }),
        promTarget(
          1,
          sumBy(['integration'], rateOf(ranges.panel, 'alertmanager_notifications_failed_total', am)),
          {
            legend: 'failed {{integration}}',
          },
        ),
        promTarget(2, sumBy(['state'], selector('alertmanager_alerts', am)), { legend: 'alerts {{state}}' }),
      ],
    }),
    size,
  );
}
