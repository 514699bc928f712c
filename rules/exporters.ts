import { exporters } from '../lib/catalog/index.ts';
import { dashboardRef, onJob, thresholds } from '../lib/monitoring/index.ts';
import { alert, ruleFile } from './build/define.ts';
import { input, target } from './build/test-input.ts';

const host = { instance: 'exporters:9464' };
const staleSeconds = thresholds.exporters.staleSeconds;

export const exporterRules = ruleFile(import.meta.url, 'exporters', {
  alerts: [
    alert({
      name: 'ExporterDataStale',
      expr: `time() - ${onJob('exporters', exporters.lastRefreshSuccess.name)} > ${staleSeconds}`,
      for: thresholds.exporters.staleFor,
      severity: 'warning',
      service: 'exporters',
      summary: 'Business metrics are stale.',
      description: `The {{ $labels.collector }} collector on {{ $labels.instance }} last refreshed {{ $value | humanizeDuration }} ago: port-operations dashboards and business alerts show old data.`,
      identifiedBy: ['collector', 'instance'],
      dashboard: dashboardRef('alerts', 'exporterFreshness'),
      test: {
        // The condition first holds here (stale once the last success is more than 5 minutes old).
        holdsFrom: '330s',
        // Last success at t=0 and never again: stale from 5m, firing 5m later.
        firing: [
          input('exporters', exporters.lastRefreshSuccess.name, { ...host, collector: 'cargo' }, '0x20'),
        ],
        labels: { ...target('exporters', host.instance), collector: 'cargo' },
        firesAt: '12m',
        value: '12m 0s',
        healthy: [
          input('exporters', exporters.lastRefreshSuccess.name, { ...host, collector: 'cargo' }, '0+60x20'),
        ],
      },
    }),
    alert({
      name: 'ExporterDatabaseDown',
      expr: `${onJob('exporters', exporters.databaseUp.name)} == 0`,
      for: thresholds.exporters.databaseDownFor,
      severity: 'warning',
      service: 'exporters',
      summary: 'The business exporter cannot read the database.',
      description:
        '{{ $labels.instance }} cannot reach PostgreSQL: vessel, cargo and staffing metrics stop updating.',
      identifiedBy: ['instance'],
      dashboard: dashboardRef('alerts', 'exporterFreshness'),
      test: {
        firing: [input('exporters', exporters.databaseUp.name, host, '0x20')],
        labels: target('exporters', host.instance),
        healthy: [input('exporters', exporters.databaseUp.name, host, '1x20')],
      },
    }),
  ],
});
