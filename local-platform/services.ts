import type { JobKey } from '../lib/monitoring/index.ts';

/**
 * The platform's own services as `npm start` and the e2e suite run them: each in a child
 * process of its own (so a drill can kill one, and its JSON logs go to a file of its own),
 * started through its `start<Service>(env)` function. The simulator is an HTTP client with
 * an in-process drill hook, so it runs inside the orchestrating process instead.
 */
export interface ServiceSpec {
  name: 'api' | 'exporters' | 'notifier' | 'synthetics';
  /** Module, relative to the repository root, and the start function it exports. */
  module: string;
  exportName: string;
  /** The variable that sets its listening port (most use PORT; the notifier its own). */
  portVariable?: string;
  hostVariable?: string;
  /** Its Prometheus job, when it has a /metrics page. */
  job?: JobKey;
}

export const services = {
  api: {
    name: 'api',
    module: 'api/server.ts',
    exportName: 'startApi',
    portVariable: 'PORT',
    hostVariable: 'HOST',
    job: 'api',
  },
  exporters: {
    name: 'exporters',
    module: 'exporters/server.ts',
    exportName: 'startExporter',
    portVariable: 'PORT',
    hostVariable: 'HOST',
    job: 'exporters',
  },
  notifier: {
    name: 'notifier',
    module: 'notifier/server.ts',
    exportName: 'startNotifier',
    portVariable: 'NOTIFIER_PORT',
    hostVariable: 'NOTIFIER_HOST',
    job: 'notifier',
  },
  synthetics: {
    name: 'synthetics',
    module: 'synthetics/runner/server.ts',
    exportName: 'startProbeRunner',
    portVariable: 'PORT',
    hostVariable: 'HOST',
    job: 'synthetics',
  },
} as const satisfies Record<string, ServiceSpec>;

export type ServiceName = keyof typeof services;
