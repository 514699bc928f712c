// Load test: ramps readers of the vessel list and the live map, with the SLO as thresholds.
// `k6 run -e BASE_URL=... -e PROBE_PASSWORD=... -e PEAK_VUS=50 synthetics/k6/load.ts`
import { sleep } from 'k6';
import http from 'k6/http';
import type { Options } from 'k6/options';
import { loginStep } from '../journeys/journey.ts';
import { baseUrl, newContext } from './config.ts';
import { runJourney } from './run-journey.ts';

const peak = Number(__ENV.PEAK_VUS ?? 20);

export const options: Options = {
  stages: [
    { duration: '1m', target: peak },
    { duration: '3m', target: peak },
    { duration: '1m', target: 0 },
  ],
  // The API latency SLO: 95% under 200 ms; errors under 1%.
  thresholds: { http_req_duration: ['p(95)<200'], http_req_failed: ['rate<0.01'], checks: ['rate>0.99'] },
};

/** One login for the whole test, so the login rate limiter is not what we measure. */
export function setup(): { token: string } {
  const ctx = newContext();
  if (!runJourney({ name: 'load-setup', description: 'log in', steps: [loginStep] }, ctx)) {
    throw new Error('login failed: check BASE_URL and PROBE_PASSWORD');
  }
  return { token: String(ctx.vars.token) };
}

export default function (data: { token: string }): void {
  const headers = { authorization: `Bearer ${data.token}` };
  http.get(`${baseUrl}/api/v1/vessels?limit=50`, { headers, tags: { name: 'vessels' } });
  http.get(`${baseUrl}/api/v1/positions/latest`, { headers, tags: { name: 'positions-latest' } });
  sleep(1);
}
