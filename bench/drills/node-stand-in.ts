import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { thirdPartyMetrics } from '../../lib/catalog/third-party.ts';

/**
 * A stand-in for node-exporter that serves the metric names the host alerts read
 * (NodeHighCpu, NodeMemoryHigh, NodeDiskSpaceLow) with values the drill sets, so CPU, memory
 * and disk faults are drilled without loading this shared machine or filling its disk.
 * CPU is a real counter: idle seconds grow by (1 - busy) per second of wall-clock time.
 */
export interface HostState {
  /** Share of the one CPU that is busy, 0..1. */
  cpuBusy: number;
  /** Share of memory in use, 0..1. */
  memoryUsed: number;
  /** Share of the root filesystem that is free, 0..1. */
  diskFree: number;
}

export interface NodeStandIn {
  /** host:port for a scrape target. */
  target: string;
  set(next: Partial<HostState>): void;
  stop(): Promise<void>;
}

export const healthyHost: HostState = { cpuBusy: 0.1, memoryUsed: 0.5, diskFree: 0.5 };

const memTotal = 8 * 2 ** 30;
const diskSize = 100 * 2 ** 30;
const root = 'device="/dev/sda1",fstype="ext4",mountpoint="/"';

/** The stand-in serves only what node-exporter itself publishes (the declared third-party list). */
const served = [
  'node_cpu_seconds_total',
  'node_memory_MemTotal_bytes',
  'node_memory_MemAvailable_bytes',
  'node_filesystem_avail_bytes',
  'node_filesystem_size_bytes',
  'node_filesystem_readonly',
] as const;
const undeclared = served.filter((m) => !(thirdPartyMetrics.node as readonly string[]).includes(m));
if (undeclared.length) throw new Error(`not node-exporter metrics: ${undeclared.join(', ')}`);

export async function startNodeStandIn(initial: HostState = healthyHost): Promise<NodeStandIn> {
  let state = { ...initial };
  let idle = 0;
  let user = 0;
  let last = Date.now();
  const advance = () => {
    const now = Date.now();
    const seconds = (now - last) / 1000;
    last = now;
    idle += seconds * (1 - state.cpuBusy);
    user += seconds * state.cpuBusy;
  };
  const exposition = () =>
    [
      '# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.',
      '# TYPE node_cpu_seconds_total counter',
      `node_cpu_seconds_total{cpu="0",mode="idle"} ${idle}`,
      `node_cpu_seconds_total{cpu="0",mode="user"} ${user}`,
      '# HELP node_memory_MemTotal_bytes Memory information field MemTotal_bytes.',
      '# TYPE node_memory_MemTotal_bytes gauge',
      `node_memory_MemTotal_bytes ${memTotal}`,
      '# HELP node_memory_MemAvailable_bytes Memory information field MemAvailable_bytes.',
      '# TYPE node_memory_MemAvailable_bytes gauge',
      `node_memory_MemAvailable_bytes ${Math.round(memTotal * (1 - state.memoryUsed))}`,
      '# HELP node_filesystem_avail_bytes Filesystem space available to non-root users in bytes.',
      '# TYPE node_filesystem_avail_bytes gauge',
      `node_filesystem_avail_bytes{${root}} ${Math.round(diskSize * state.diskFree)}`,
      '# HELP node_filesystem_size_bytes Filesystem size in bytes.',
      '# TYPE node_filesystem_size_bytes gauge',
      `node_filesystem_size_bytes{${root}} ${diskSize}`,
      '# HELP node_filesystem_readonly Filesystem read-only status.',
      '# TYPE node_filesystem_readonly gauge',
      `node_filesystem_readonly{${root}} 0`,
      '',
    ].join('\n');
  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    advance();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exposition());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    target: `127.0.0.1:${port}`,
    set(next) {
      advance(); // the counter runs at the old rate up to now
      state = { ...state, ...next };
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
