// The smoke journey under k6, for a person checking a deployment by hand:
// `k6 run -e BASE_URL=https://... -e PROBE_PASSWORD=... synthetics/k6/smoke.ts`; exits non-zero
// when any check fails. No workflow runs it: after a deploy, stack/scripts/deploy.sh runs the same
// journey in its post-deploy gate (synthetics/gate, through the Node runner) and rolls back once
// when that fails.
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
