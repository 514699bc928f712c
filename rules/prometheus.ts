import { dashboardRef, jobs, onJob, selector, thresholds } from '../lib/monitoring/index.ts';
import { alert, ruleFile } from './build/define.ts';
import { input, target } from './build/test-input.ts';

const t = thresholds.platform;
// Jobs with a dedicated, faster "down" alert (ApiDown, NodeDown, NotifierDown).
const dedicated = `job!~"${[jobs.api, jobs.node, jobs.notifier].join('|')}"`;
const prom = { instance: 'prometheus:9090' };

export const prometheusRules = ruleFile(import.meta.url, 'prometheus', {
  alerts: [
    alert({
      name: 'TargetDown',
      expr: `count by (job) (${selector('up', dedicated)} == 0) / count by (job) (${selector('up', dedicated)}) > 0`,
      for: t.targetDownFor,
      severity: 'warning',
      service: 'prometheus',
      summary: 'Prometheus cannot scrape some targets.',
      description: `{{ $value | humanizePercentage }} of the {{ $labels.job }} targets have failed every scrape for ${t.targetDownFor}: their metrics and the alerts built on them are blind.`,
      identifiedBy: ['job'],
      dashboard: dashboardRef('system', 'prometheus'),
      test: {
        firing: [
          input('cadvisor', 'up', { instance: 'host-1:8080' }, '0x20'),
          input('cadvisor', 'up', { instance: 'host-2:8080' }, '1x20'),
        ],
        labels: { job: jobs.cadvisor },
        value: '50%',
        healthy: [
          input('cadvisor', 'up', { instance: 'host-1:8080' }, '1x20'),
          input('cadvisor', 'up', { instance: 'host-2:8080' }, '1x20'),
        ],
      },
    }),
    alert({
      name: 'PrometheusRuleEvaluationFailures',
      expr: `increase(${onJob('prometheus', 'prometheus_rule_evaluation_failures_total')}[${t.ruleFailuresWindow}]) > 0`,
      for: t.ruleFailuresFor,
      severity: 'warning',
      service: 'prometheus',
      summary: 'Prometheus fails to evaluate some rules.',
      description: `Rule group {{ $labels.rule_group }} on {{ $labels.instance }} keeps failing to evaluate: its alerts cannot fire and its recordings have gaps.`,
      identifiedBy: ['rule_group', 'instance'],
      dashboard: dashboardRef('system', 'prometheus'),
      test: {
        firing: [
          input(
            'prometheus',
            'prometheus_rule_evaluation_failures_total',
            { ...prom, rule_group: 'api.rules.yml;api.alerts' },
            '0+1x20',
          ),
        ],
        labels: { ...target('prometheus', prom.instance), rule_group: 'api.rules.yml;api.alerts' },
        healthy: [
          input(
            'prometheus',
            'prometheus_rule_evaluation_failures_total',
            { ...prom, rule_group: 'api.rules.yml;api.alerts' },
            '0x20',
          ),
        ],
      },
    }),
    alert({
      name: 'PrometheusConfigReloadFailed',
      expr: `${onJob('prometheus', 'prometheus_config_last_reload_successful')} == 0`,
      for: t.configReloadFor,
      severity: 'warning',
      service: 'prometheus',
      summary: 'Prometheus could not load its new configuration.',
      description: `The last configuration reload of {{ $labels.instance }} failed: it still runs the previous rules and scrape targets.`,
      identifiedBy: ['instance'],
      dashboard: dashboardRef('system', 'prometheus'),
      test: {
        firing: [input('prometheus', 'prometheus_config_last_reload_successful', prom, '0x20')],
        labels: target('prometheus', prom.instance),
        healthy: [input('prometheus', 'prometheus_config_last_reload_successful', prom, '1x20')],
      },
    }),
    alert({
      name: 'Watchdog',
      expr: 'vector(1)',
      for: t.watchdogFor,
      severity: 'info',
      service: 'prometheus',
      summary: 'The alerting pipeline is alive.',
      description:
        'Always firing. The dead-man receiver expects it every few minutes; when it stops arriving, Prometheus, Alertmanager or the notifier is broken.',
      identifiedBy: [],
      dashboard: dashboardRef('alerts', 'firing'),
      test: { firing: [], labels: {}, firesAt: '1m', healthy: null },
    }),
  ],
});
