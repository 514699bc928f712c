import { dashboardRef, onJob, ranges, sumRate, thresholds } from '../lib/monitoring/index.ts';
import { alert, ruleFile } from './build/define.ts';
import { input, target } from './build/test-input.ts';

const am = { instance: 'alertmanager:9093' };
const by = ['job', 'instance', 'integration'];
const notifications = (name: string) => sumRate(ranges.rule, onJob('alertmanager', name), by);

export const alertmanagerRules = ruleFile(import.meta.url, 'alertmanager', {
  alerts: [
    alert({
      name: 'AlertmanagerFailingToSend',
      expr: `${notifications('alertmanager_notifications_failed_total')} / ${notifications('alertmanager_notifications_total')} > ${thresholds.platform.alertmanagerFailedRatio}`,
      for: thresholds.platform.alertmanagerFailedFor,
      severity: 'warning',
      service: 'alertmanager',
      summary: 'Alertmanager fails to deliver notifications.',
      description:
        '{{ $labels.instance }} failed {{ $value | humanizePercentage }} of its {{ $labels.integration }} notifications over 5 minutes: alerts may not be reaching the notifier.',
      identifiedBy: ['instance', 'integration'],
      dashboard: dashboardRef('system', 'alertmanager'),
      test: {
        firing: [
          input(
            'alertmanager',
            'alertmanager_notifications_failed_total',
            { ...am, integration: 'webhook' },
            '0+1x20',
          ),
          input(
            'alertmanager',
            'alertmanager_notifications_total',
            { ...am, integration: 'webhook' },
            '0+10x20',
          ),
        ],
        labels: { ...target('alertmanager', am.instance), integration: 'webhook' },
        value: '10%',
        healthy: [
          input(
            'alertmanager',
            'alertmanager_notifications_failed_total',
            { ...am, integration: 'webhook' },
            '0x20',
          ),
          input(
            'alertmanager',
            'alertmanager_notifications_total',
            { ...am, integration: 'webhook' },
            '0+10x20',
          ),
        ],
      },
    }),
    alert({
      name: 'AlertmanagerConfigReloadFailed',
      expr: `${onJob('alertmanager', 'alertmanager_config_last_reload_successful')} == 0`,
      for: thresholds.platform.configReloadFor,
      severity: 'warning',
      service: 'alertmanager',
      summary: 'Alertmanager could not load its new configuration.',
      description:
        'The last configuration reload of {{ $labels.instance }} failed: it still routes with the previous receivers and inhibitions.',
      identifiedBy: ['instance'],
      dashboard: dashboardRef('system', 'alertmanager'),
      test: {
        firing: [input('alertmanager', 'alertmanager_config_last_reload_successful', am, '0x20')],
        labels: target('alertmanager', am.instance),
        healthy: [input('alertmanager', 'alertmanager_config_last_reload_successful', am, '1x20')],
      },
    }),
  ],
});
