// Post-deploy smoke test: `k6 run -e BASE_URL=https://... -e PROBE_PASSWORD=... synthetics/k6/smoke.ts`.
// Exits non-zero when any check fails, which the deploy workflow turns into a rollback.
import type { Options } from 'k6/options';
import { smoke } from '../journeys/smoke.ts';
import { newContext } from './config.ts';
import { runJourney } from './run-journey.ts';

export const options: Options = {
  vus: 1,
  iterations: 1,
  thresholds: { checks: ['rate==1'], http_req_duration: ['p(95)<2000'] },
};

export default function (): void {
  runJourney(smoke, newContext());
}
