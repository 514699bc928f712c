import { defineMetric } from './define.ts';
import { open } from './label-values.ts';

const journey = open(
  'journey names are defined by the probe runner (synthetics/journeys), which lib/ cannot import',
);

// Published by the synthetic probe runner for each journey it runs.
export const synthetics = {
  probeSuccess: defineMetric({
    name: 'porttrack_probe_success',
    type: 'gauge',
    help: '1 when the last run of the journey passed all its checks, else 0.',
    labelNames: ['journey'],
    labelValues: { journey },
    service: 'synthetics',
  }),
  probeDuration: defineMetric({
    name: 'porttrack_probe_duration_seconds',
    type: 'gauge',
    help: 'Duration of the last run of the journey.',
    unit: 'seconds',
    labelNames: ['journey'],
    labelValues: { journey },
    service: 'synthetics',
  }),
  probeLastRun: defineMetric({
    name: 'porttrack_probe_last_run_timestamp_seconds',
    type: 'gauge',
    help: 'Unix time of the last run of the journey.',
    unit: 'timestamp_seconds',
    labelNames: ['journey'],
    labelValues: { journey },
    service: 'synthetics',
  }),
} as const;
