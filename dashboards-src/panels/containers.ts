import { jobMatcher, ranges, rateOf, selector, sumBy } from '../../lib/monitoring/index.ts';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { promTarget } from '../core/targets.ts';
import { table, timeseries } from './kinds.ts';

/** Containers of the Swarm stack, from cAdvisor. Swarm names each task's container uniquely. */
const cadvisor = jobMatcher('cadvisor');
const named = 'name!=""';
const swarmService = 'container_label_com_docker_swarm_service_name';

const restartDrill = {
  drill: 'force a restart: `docker service update --force porttrack_api`; its start shows for an hour',
  refIds: ['A'],
};

export function containerStatusTable(size: PanelSize = {}): PanelSpec {
  return spec(
    table({
      title: 'Container status',
      description:
        'Running containers and the seconds since cAdvisor last saw each. Over 60 s: stopped or gone.',
      unit: 's',
      thresholdSteps: [
        { from: null, color: 'green' },
        { from: 60, color: 'red' },
      ],
      targets: [
        promTarget(
          0,
          `max by (${swarmService}, name) (time() - ${selector('container_last_seen', cadvisor, named)})`,
          {
            instant: true,
            format: 'table',
          },
        ),
      ],
    }),
    size,
  );
}

export function containerRestartsTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Container starts and OOM kills',
      description:
        'Containers started per Swarm service in the last hour (a restart is a new container), and OOM kills. ' +
        'Empty on a stable stack.',
      unit: 'short',
      bars: true,
      targets: [
        promTarget(
          0,
          `count by (${swarmService}) (${selector('container_start_time_seconds', cadvisor, named)} > time() - 3600)`,
          { legend: 'starts {{' + swarmService + '}}' },
        ),
        promTarget(
          1,
          sumBy([swarmService], `increase(${selector('container_oom_events_total', cadvisor, named)}[1h])`),
          {
            legend: 'OOM {{' + swarmService + '}}',
          },
        ),
      ],
    }),
    { ...size, emptyWhenHealthy: size.emptyWhenHealthy ?? restartDrill },
  );
}

export function containerCpuTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Container CPU',
      description: 'Cores used per container.',
      unit: 'short',
      targets: [
        promTarget(
          0,
          sumBy(['name'], rateOf(ranges.panel, 'container_cpu_usage_seconds_total', cadvisor, named)),
          {
            legend: '{{name}}',
          },
        ),
      ],
    }),
    size,
  );
}

export function containerMemoryTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Container memory',
      description: 'Working-set memory per container (what the OOM killer looks at).',
      unit: 'bytes',
      targets: [
        promTarget(0, sumBy(['name'], selector('container_memory_working_set_bytes', cadvisor, named)), {
          legend: '{{name}}',
        }),
      ],
    }),
    size,
  );
}
