import { dashboardRef, onJob, thresholds } from '../lib/monitoring/index.ts';
import { alert, ruleFile } from './build/define.ts';
import { input, target } from './build/test-input.ts';

const t = thresholds.container;
// cAdvisor also reports cgroups that are not containers (no name); skip them.
const named = 'name!=""';
const container = { instance: 'host-1:8080', name: 'porttrack_api.1.x1', image: 'porttrack/api:1.4.0' };
const labels = target('cadvisor', container.instance);

export const containerRules = ruleFile(import.meta.url, 'containers', {
  alerts: [
    alert({
      name: 'ContainerRestarting',
      expr: `changes(${onJob('cadvisor', 'container_start_time_seconds', named)}[${t.restartWindow}]) > ${t.restarts}`,
      for: t.restartFor,
      severity: 'warning',
      service: 'container',
      summary: 'A container is restarting over and over.',
      description: `Container {{ $labels.name }} ({{ $labels.image }}) on {{ $labels.instance }} restarted {{ $value | printf "%.0f" }} times in ${t.restartWindow}.`,
      identifiedBy: ['name', 'image', 'instance'],
      dashboard: dashboardRef('system', 'containerRestarts'),
      test: {
        // The condition first holds here (the third restart in the window comes at 9 minutes).
        holdsFrom: '9m',
        // A new start time every 3 minutes: a crash loop.
        firing: [
          input(
            'cadvisor',
            'container_start_time_seconds',
            container,
            '100 100 100 280 280 280 460 460 460 640 640 640 820 820 820 1000 1000 1000 1180 1180',
          ),
        ],
        labels: { ...labels, name: container.name, image: container.image },
        firesAt: '14m',
        value: '4',
        healthy: [input('cadvisor', 'container_start_time_seconds', container, '100x20')],
      },
    }),
    alert({
      name: 'ContainerOomKilled',
      expr: `increase(${onJob('cadvisor', 'container_oom_events_total', named)}[${t.oomWindow}]) > 0`,
      for: t.oomFor,
      severity: 'warning',
      service: 'container',
      summary: 'A container was killed for running out of memory.',
      description: `Container {{ $labels.name }} ({{ $labels.image }}) on {{ $labels.instance }} hit its memory limit and was OOM-killed in the last ${t.oomWindow}.`,
      identifiedBy: ['name', 'image', 'instance'],
      dashboard: dashboardRef('system', 'containers'),
      test: {
        // The condition first holds here (the OOM kill at 3 minutes).
        holdsFrom: '3m',
        firing: [input('cadvisor', 'container_oom_events_total', container, '0 0 0 1 1 1 1 1 1 1 1 1 1 1 1')],
        labels: { ...labels, name: container.name, image: container.image },
        healthy: [input('cadvisor', 'container_oom_events_total', container, '0x15')],
      },
    }),
    alert({
      name: 'ContainerMemoryNearLimit',
      expr: `${onJob('cadvisor', 'container_memory_working_set_bytes', named)} / (${onJob('cadvisor', 'container_spec_memory_limit_bytes', named)} > 0) > ${t.memoryLimitRatio}`,
      for: t.memoryLimitFor,
      severity: 'warning',
      service: 'container',
      summary: 'A container is close to its memory limit.',
      description: `Container {{ $labels.name }} ({{ $labels.image }}) on {{ $labels.instance }} uses {{ $value | humanizePercentage }} of its memory limit; past 100% it is OOM-killed.`,
      identifiedBy: ['name', 'image', 'instance'],
      dashboard: dashboardRef('system', 'containers'),
      test: {
        firing: [
          input('cadvisor', 'container_memory_working_set_bytes', container, '950000000x20'),
          input('cadvisor', 'container_spec_memory_limit_bytes', container, '1000000000x20'),
        ],
        labels: { ...labels, name: container.name, image: container.image },
        value: '95%',
        healthy: [
          input('cadvisor', 'container_memory_working_set_bytes', container, '400000000x20'),
          input('cadvisor', 'container_spec_memory_limit_bytes', container, '1000000000x20'),
        ],
      },
    }),
  ],
});
