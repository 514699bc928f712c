// Scheduled journeys: every journey once per minute for JOURNEY_DURATION (default 10m), each
// in its own scenario so results carry the journey's name.
import type { Options } from 'k6/options';
import { ingestPosition, loginListVessels, scheduledJourneys } from '../journeys/index.ts';
import { newContext } from './config.ts';
import { runJourney } from './run-journey.ts';

const duration = __ENV.JOURNEY_DURATION ?? '10m';
const perMinute = (exec: string) => ({
  executor: 'constant-arrival-rate' as const,
  exec,
  rate: 1,
  timeUnit: '1m',
  duration,
  preAllocatedVUs: 1,
});

export const options: Options = {
  scenarios: Object.fromEntries(scheduledJourneys.map((j) => [j.name, perMinute(j.name.replace(/-/g, '_'))])),
  thresholds: { checks: ['rate>0.99'] },
};

export function login_list_vessels(): void {
  runJourney(loginListVessels, newContext());
}

export function ingest_position(): void {
  runJourney(ingestPosition, newContext());
}
