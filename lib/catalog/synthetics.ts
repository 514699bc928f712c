import { defineMetric } from './define.ts';
import { oneOf } from './label-values.ts';

/** The journeys the probe runner runs on a schedule (synthetics/journeys/index.ts): the `journey` label. */
export const scheduledJourneyNames = ['login-list-vessels', 'ingest-position'] as const;
const journey = oneOf(scheduledJourneyNames);

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
