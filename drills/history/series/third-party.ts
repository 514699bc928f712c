import { thirdPartyMetrics, unsuffixedPostgresCounters } from '../../../lib/catalog/third-party.ts';
import type { JobKey } from '../../../lib/monitoring/jobs.ts';
import type { Moment } from '../moment.ts';
import { counter, gauge, type Labels, type Series } from './define.ts';
import { thirdPartyValue } from './third-party-values.ts';

/**
 * The third-party exporters' metrics the project declares (lib/catalog/third-party.ts), with
 * the label sets rules and panels group by (CPU modes, mount points, containers, databases)
 * and the values of a healthy host (third-party-values.ts). Metrics Prometheus derives itself
 * (`ALERTS`, `ALERTS_FOR_STATE`) and those it writes per target (`up`, targets.ts) are not here.
 */
export const targets: Record<JobKey, readonly string[]> = {
  api: ['10.0.1.11:3000', '10.0.1.12:3000'],
  exporters: ['10.0.1.21:9464'],
  notifier: ['10.0.1.31:9465'],
  synthetics: ['10.0.1.32:9466'],
  // node-exporter runs on each of the three Swarm nodes (global service).
  node: ['10.0.1.41:9100', '10.0.1.46:9100', '10.0.1.47:9100'],
  cadvisor: ['10.0.1.42:8080'],
  postgres: ['10.0.1.43:9187'],
  redis: ['10.0.1.44:9121'],
  prometheus: ['127.0.0.1:9090'],
  alertmanager: ['10.0.1.45:9093'],
  blackbox: ['https://porttrack.example.org/healthz'],
};

const sourceJob: Record<keyof typeof thirdPartyMetrics, readonly JobKey[]> = {
  prometheus: ['prometheus'],
  alertmanager: ['alertmanager'],
  node: ['node'],
  cadvisor: ['cadvisor'],
  postgres: ['postgres'],
  redis: ['redis'],
  blackbox: ['blackbox'],
  nodejs: ['api', 'exporters', 'notifier', 'synthetics'],
};

/** Each node-exporter's node, as the stack names its task (`hostname: "{{.Node.Hostname}}"`). */
const nodenames: Record<string, string> = {
  '10.0.1.41:9100': 'node-1',
  '10.0.1.46:9100': 'node-2',
  '10.0.1.47:9100': 'node-3',
};
/** The node the `node-lost` incident takes: its target leaves tasks.node-exporter meanwhile. */
const lostNode = '10.0.1.47:9100';
const vanishing = (job: JobKey, instance: string) =>
  job === 'node' && instance === lostNode ? { vanishes: (m: Moment) => m.nodeLost } : {};

const containers = [
  'api',
  'exporters',
  'notifier',
  'synthetics',
  'postgres',
  'redis',
  'prometheus',
  'alertmanager',
  'nginx',
];
const cpuModes = ['idle', 'user', 'system', 'iowait', 'irq', 'softirq', 'steal', 'nice'];
const derived = new Set([
  'ALERTS',
  'ALERTS_FOR_STATE',
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
]);

/** The label sets a metric is written with by `instance` (one empty set for most). */
function labelSets(name: string, instance: string): Labels[] {
  if (name === 'node_uname_info')
    return [{ nodename: nodenames[instance] ?? instance, sysname: 'Linux', machine: 'x86_64' }];
  if (name === 'node_cpu_seconds_total')
    return ['0', '1'].flatMap((cpu) => cpuModes.map((mode) => ({ cpu, mode })));
  if (name.startsWith('node_filesystem_'))
    return ['/', '/var/lib/docker'].map((mountpoint) => ({
      device: '/dev/vda1',
      fstype: 'ext4',
      mountpoint,
    }));
  if (name.startsWith('node_disk_')) return [{ device: 'vda' }];
  if (name.startsWith('node_network_')) return ['eth0', 'docker_gwbridge'].map((device) => ({ device }));
  if (name.startsWith('container_'))
    return containers.map((c) => ({
      name: `porttrack_${c}.1.task`,
      container_label_com_docker_swarm_service_name: `porttrack_${c}`,
    }));
  if (name.startsWith('pg_stat_database_') || name === 'pg_database_size_bytes')
    return ['porttrack', 'postgres'].map((datname) => ({ datname }));
  if (name === 'pg_stat_activity_count')
    return ['active', 'idle', 'idle in transaction'].map((state) => ({ state }));
  if (name === 'alertmanager_notifications_total' || name === 'alertmanager_notifications_failed_total')
    return ['webhook'].map((integration) => ({ integration }));
  return [{}];
}

const isCounter = (name: string) =>
  name.endsWith('_total') || (unsuffixedPostgresCounters as readonly string[]).includes(name);

export function thirdPartySeries(): Series[] {
  const out: Series[] = [];
  for (const [source, names] of Object.entries(thirdPartyMetrics) as [
    keyof typeof thirdPartyMetrics,
    readonly string[],
  ][])
    for (const job of sourceJob[source])
      for (const instance of targets[job])
        for (const name of names.filter((n) => !derived.has(n)))
          for (const labels of labelSets(name, instance)) {
            const value = (m: Moment) => thirdPartyValue(name, labels, m);
            out.push({
              ...(isCounter(name)
                ? counter(name, job, instance, labels, value)
                : gauge(name, job, instance, labels, value)),
              ...vanishing(job, instance),
            });
          }
  return out;
}

/** `up` and the scrape's own series for every target. */
export function targetSeries(): Series[] {
  return (Object.entries(targets) as [JobKey, readonly string[]][]).flatMap(([job, instances]) =>
    instances.flatMap((instance) =>
      [
        gauge('up', job, instance, {}, (m) => (job !== 'api' || m.apiUp ? 1 : 0)),
        gauge('scrape_duration_seconds', job, instance, {}, (m) => 0.01 + 0.005 * Math.abs(m.jitter(3))),
        gauge('scrape_samples_scraped', job, instance, {}, () => 400),
      ].map((series) => ({ ...series, ...vanishing(job, instance) })),
    ),
  );
}
