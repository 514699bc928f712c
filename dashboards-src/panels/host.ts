import {
  inWords,
  jobMatcher,
  percent,
  ranges,
  rateOf,
  selector,
  sumBy,
  thresholds,
} from '../../lib/monitoring/index.ts';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { promTarget } from '../core/targets.ts';
import { timeseries } from './kinds.ts';

/** The VM the stack runs on, from node-exporter. */
const node = jobMatcher('node');
/** Real filesystems only: container overlays and memory-backed mounts say nothing about the disk. */
const realFs = 'fstype!~"tmpfs|overlay|squashfs|nsfs|ramfs"';

const percentSteps = [
  { from: null, color: 'green' },
  { from: 0.8, color: 'orange' },
  { from: 0.9, color: 'red' },
] as const;

export function cpuUsageTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'CPU usage',
      description: `Busy share of all cores per host (1 - idle). The alert fires above ${percent(thresholds.node.cpuRatio)} for ${inWords(thresholds.node.cpuFor)}.`,
      unit: 'percentunit',
      min: 0,
      max: 1,
      thresholdSteps: percentSteps,
      thresholdLines: true,
      targets: [
        promTarget(
          0,
          `1 - avg by (instance) (${rateOf(ranges.panel, 'node_cpu_seconds_total', node, 'mode="idle"')})`,
          {
            legend: '{{instance}}',
          },
        ),
      ],
    }),
    size,
  );
}

export function memorySwapTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Memory and swap used',
      description: 'Memory not available to new processes, and swap in use, as a share of the total.',
      unit: 'percentunit',
      min: 0,
      max: 1,
      thresholdSteps: percentSteps,
      thresholdLines: true,
      targets: [
        promTarget(
          0,
          `1 - ${selector('node_memory_MemAvailable_bytes', node)} / ${selector('node_memory_MemTotal_bytes', node)}`,
          { legend: 'memory {{instance}}' },
        ),
        promTarget(
          1,
          `(${selector('node_memory_SwapTotal_bytes', node)} - ${selector('node_memory_SwapFree_bytes', node)})` +
            ` / clamp_min(${selector('node_memory_SwapTotal_bytes', node)}, 1)`,
          { legend: 'swap {{instance}}' },
        ),
      ],
    }),
    size,
  );
}

export function diskFreeTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Disk space available',
      description: `Free share of each real filesystem. The alert fires below ${percent(thresholds.node.diskFreeRatio)}.`,
      unit: 'percentunit',
      min: 0,
      max: 1,
      thresholdSteps: [
        { from: null, color: 'red' },
        { from: 0.1, color: 'orange' },
        { from: 0.2, color: 'green' },
      ],
      thresholdLines: true,
      targets: [
        promTarget(
          0,
          `${selector('node_filesystem_avail_bytes', node, realFs)} / ${selector('node_filesystem_size_bytes', node, realFs)}`,
          { legend: '{{instance}} {{mountpoint}}' },
        ),
      ],
    }),
    size,
  );
}

export function diskIoTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Disk I/O',
      description:
        'Bytes read and written per second per device, and the share of time each device was busy.',
      unit: 'Bps',
      targets: [
        promTarget(
          0,
          sumBy(['instance', 'device'], rateOf(ranges.panel, 'node_disk_read_bytes_total', node)),
          {
            legend: 'read {{device}}',
          },
        ),
        promTarget(
          1,
          sumBy(['instance', 'device'], rateOf(ranges.panel, 'node_disk_written_bytes_total', node)),
          {
            legend: 'written {{device}}',
          },
        ),
      ],
    }),
    size,
  );
}

export function networkTrafficTimeseries(size: PanelSize = {}): PanelSpec {
  const nic = [node, 'device!~"lo|veth.*|docker.*|br-.*"'];
  return spec(
    timeseries({
      title: 'Network traffic',
      description: 'Bytes received and sent per second on the physical interfaces, and interface errors.',
      unit: 'Bps',
      targets: [
        promTarget(0, sumBy(['instance'], rateOf(ranges.panel, 'node_network_receive_bytes_total', ...nic)), {
          legend: 'received {{instance}}',
        }),
        promTarget(
          1,
          sumBy(['instance'], rateOf(ranges.panel, 'node_network_transmit_bytes_total', ...nic)),
          {
            legend: 'sent {{instance}}',
          },
        ),
      ],
    }),
    size,
  );
}
