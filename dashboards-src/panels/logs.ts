import { LogsDedupStrategy, LogsSortOrder } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as LogsPanel } from '@grafana/grafana-foundation-sdk/logs';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { lokiTarget } from '../core/targets.ts';
import { barGauge, table } from './kinds.ts';
import { apiLogs, clientIpLabel, errorLogs, errorTypeLabel } from './log-streams.ts';

/** Panels read from Loki: the log lines themselves, not Prometheus labels. */
export function topClientIpsBarGauge(size: PanelSize = {}): PanelSpec {
  return spec(
    barGauge({
      title: 'Top client IPs by requests',
      description: 'The ten client addresses with the most logged API requests over the time range (Loki).',
      unit: 'short',
      targets: [
        lokiTarget(
          0,
          `topk(10, sum by (client_ip) (count_over_time(${apiLogs} | json | ${clientIpLabel} | client_ip != "" [$__range])))`,
          { legend: '{{client_ip}}', instant: true },
        ),
      ],
    }),
    size,
  );
}

export function errorLogsByTypeTable(size: PanelSize = {}): PanelSpec {
  return spec(
    table({
      title: 'Error logs by type',
      description:
        'Error and critical log lines over the time range, grouped by service and error type (Loki).',
      unit: 'short',
      targets: [
        lokiTarget(
          0,
          `topk(20, sum by (service, type) (count_over_time(${errorLogs} | json | ${errorTypeLabel} [$__range])))`,
          { legend: '{{service}} {{type}}', instant: true },
        ),
      ],
    }),
    {
      ...size,
      emptyWhenHealthy: {
        drill: 'make the API fail: stop PostgreSQL for a minute; error lines appear with their type',
      },
    },
  );
}

export function recentErrorsLogs(size: PanelSize = {}): PanelSpec {
  return spec(
    new LogsPanel()
      .title('Recent error lines')
      .description('The latest error and critical lines of every service, with trace id and route (Loki).')
      .withTarget(
        lokiTarget(
          0,
          `${errorLogs} | json | line_format "{{.service}} {{.msg}} route={{.route}} status={{.status}} trace_id={{.trace_id}}"`,
          { maxLines: 200 },
        ),
      )
      .showTime(true)
      .showLabels(false)
      .wrapLogMessage(true)
      .enableLogDetails(true)
      .sortOrder(LogsSortOrder.Descending)
      .dedupStrategy(LogsDedupStrategy.None),
    {
      ...size,
      emptyWhenHealthy: {
        drill: 'make the API fail: stop PostgreSQL for a minute; its error lines show here',
      },
    },
  );
}
