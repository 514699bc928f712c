import { dashboardRef, jobs, onJob, thresholds } from '../lib/monitoring/index.ts';
import { alert, ruleFile } from './build/define.ts';
import { input, target } from './build/test-input.ts';

const t = thresholds.node;
// Real filesystems only: tmpfs and container overlays come and go with the workload.
const fs = ['fstype!~"tmpfs|overlay|squashfs"', 'mountpoint!=""'];
const avail = onJob('node', 'node_filesystem_avail_bytes', ...fs);
const size = onJob('node', 'node_filesystem_size_bytes', ...fs);
const writable = `${onJob('node', 'node_filesystem_readonly', ...fs)} == 0`;
const host = { instance: 'host-1:9100' };
const node2 = { ...host, nodename: 'node-2' };
const uname = onJob('node', 'node_uname_info');
const root = { ...host, device: '/dev/sda1', fstype: 'ext4', mountpoint: '/' };
const disk = (availValues: string) => [
  input('node', 'node_filesystem_avail_bytes', root, availValues),
  input('node', 'node_filesystem_size_bytes', root, '100000000000x60'),
  input('node', 'node_filesystem_readonly', root, '0x60'),
];

export const nodeRules = ruleFile(import.meta.url, 'node', {
  alerts: [
    alert({
      name: 'NodeDown',
      expr: `${onJob('node', 'up')} == 0`,
      for: t.downFor,
      severity: 'critical',
      service: 'node',
      summary: 'A host stopped answering.',
      description: `node-exporter on {{ $labels.instance }} has not answered a scrape for ${t.downFor}: the host or its network is down, with every service on it.`,
      identifiedBy: ['instance'],
      dashboard: dashboardRef('system', 'cpu'),
      test: {
        firing: [input('node', 'up', host, '0x20')],
        labels: target('node', host.instance),
        healthy: [input('node', 'up', host, '1x20')],
      },
    }),
    // On a multi-node Swarm a lost node's node-exporter is not a target that fails: Swarm drops its
    // task's address from tasks.node-exporter, so the target vanishes and `up == 0` never holds
    // for a minute (tests/swarm/multi-node.test.ts). What stays is the node's name in the last
    // day's history: a name seen then and not now is a node gone (stack: hostname {{.Node.Hostname}}).
    alert({
      name: 'NodeMissing',
      expr: `max by (nodename) (max_over_time(${uname}[${t.missingWindow}])) unless on (nodename) ${uname}`,
      for: t.downFor,
      severity: 'critical',
      service: 'node',
      summary: 'A host stopped reporting: its node-exporter is gone from the targets.',
      description: `Node {{ $labels.nodename }} reported in the last ${t.missingWindow} and has not for ${t.downFor}: the node is down, cut off or left the Swarm, with every task on it.`,
      identifiedBy: ['nodename'],
      dashboard: dashboardRef('system', 'cpu'),
      test: {
        firing: [input('node', 'node_uname_info', node2, '1x10 stale')],
        holdsFrom: '11m',
        labels: { nodename: node2.nodename },
        healthy: [input('node', 'node_uname_info', node2, '1x70')],
        alsoSilentOn: [
          {
            why: 'a node-exporter restart: the name is back within a minute',
            healthy: [input('node', 'node_uname_info', node2, '1x10 stale 1x60')],
            at: '12m',
          },
          {
            why: 'a node removed more than a window ago: no longer expected',
            healthy: [input('node', 'node_uname_info', node2, '1x10 stale')],
            at: '1500m',
          },
        ],
      },
    }),
    alert({
      name: 'NodeHighCpu',
      expr: `1 - avg by (job, instance) (rate(${onJob('node', 'node_cpu_seconds_total', 'mode="idle"')}[${t.cpuWindow}])) > ${t.cpuRatio}`,
      for: t.cpuFor,
      severity: 'warning',
      service: 'node',
      summary: 'A host is short of CPU.',
      description: `CPU on {{ $labels.instance }} has been {{ $value | humanizePercentage }} busy (5-minute average) for ${t.cpuFor}; threshold ${t.cpuRatio * 100}%.`,
      identifiedBy: ['instance'],
      dashboard: dashboardRef('system', 'cpu'),
      test: {
        // Idle seconds per minute: 6 of 60 is 90% busy, 54 of 60 is 10% busy.
        firing: [input('node', 'node_cpu_seconds_total', { ...host, cpu: '0', mode: 'idle' }, '0+6x40')],
        labels: target('node', host.instance),
        value: '90%',
        healthy: [input('node', 'node_cpu_seconds_total', { ...host, cpu: '0', mode: 'idle' }, '0+54x40')],
      },
    }),
    alert({
      name: 'NodeMemoryHigh',
      expr: `1 - ${onJob('node', 'node_memory_MemAvailable_bytes')} / ${onJob('node', 'node_memory_MemTotal_bytes')} > ${t.memoryRatio}`,
      for: t.memoryFor,
      severity: 'warning',
      service: 'node',
      summary: 'A host is running out of memory.',
      description: `{{ $value | humanizePercentage }} of the memory of {{ $labels.instance }} is in use (threshold ${t.memoryRatio * 100}%): the kernel may start killing containers.`,
      identifiedBy: ['instance'],
      dashboard: dashboardRef('system', 'memory'),
      test: {
        firing: [
          input('node', 'node_memory_MemAvailable_bytes', host, '50000000x20'),
          input('node', 'node_memory_MemTotal_bytes', host, '1000000000x20'),
        ],
        labels: target('node', host.instance),
        value: '95%',
        healthy: [
          input('node', 'node_memory_MemAvailable_bytes', host, '500000000x20'),
          input('node', 'node_memory_MemTotal_bytes', host, '1000000000x20'),
        ],
      },
    }),
    alert({
      name: 'NodeDiskSpaceLow',
      expr: `${avail} / ${size} < ${t.diskFreeRatio} and ${writable}`,
      for: t.diskFreeFor,
      severity: 'warning',
      service: 'node',
      summary: 'A filesystem is almost full.',
      description: `Only {{ $value | humanizePercentage }} of {{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.instance }} is free (threshold ${t.diskFreeRatio * 100}%).`,
      identifiedBy: ['instance', 'mountpoint', 'device'],
      dashboard: dashboardRef('system', 'disk'),
      test: {
        firing: disk('5000000000x60'),
        labels: {
          ...target('node', host.instance),
          device: root.device,
          fstype: root.fstype,
          mountpoint: root.mountpoint,
        },
        value: '5%',
        healthy: disk('50000000000x60'),
      },
    }),
    alert({
      name: 'NodeDiskFillingUp',
      expr: `${avail} / ${size} < ${t.diskFillOnlyBelowFreeRatio} and predict_linear(${avail}[${t.diskFillLookback}], ${t.diskFillHours} * 3600) < 0 and ${writable}`,
      for: t.diskFillFor,
      severity: 'critical',
      service: 'node',
      summary: `A filesystem will be full within ${t.diskFillHours} hours.`,
      description: `At the current rate of writes {{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.instance }} fills up within ${t.diskFillHours} hours; {{ $value | humanizePercentage }} is free now.`,
      identifiedBy: ['instance', 'mountpoint', 'device'],
      dashboard: dashboardRef('system', 'disk'),
      test: {
        // 30 GB free of 100 GB, losing 200 MB a minute: empty in 150 minutes.
        firing: disk('30000000000-200000000x60'),
        labels: {
          job: jobs.node,
          instance: host.instance,
          device: root.device,
          fstype: root.fstype,
          mountpoint: root.mountpoint,
        },
        value: '23%',
        healthy: disk('30000000000x60'),
        // Falling fast enough to be empty within the look-ahead, but with more than 40% free.
        alsoSilentOn: [{ why: 'plenty free though falling', healthy: disk('60000000000-400000000x60') }],
      },
    }),
  ],
});
