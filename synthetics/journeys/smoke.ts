import type { Journey } from './journey.ts';
import { loginListVessels } from './login-list-vessels.ts';

/**
 * Post-deploy smoke: the service answers its probes, publishes its metrics, and a user can
 * sign in and read data. Runs once right after a deploy; a failure triggers the rollback.
 */
export const smoke: Journey = {
  name: 'smoke',
  description: 'health, readiness, metrics, then log in and list vessels',
  steps: [
    { name: 'alive', request: () => ({ method: 'GET', path: '/healthz' }), expectStatus: 200 },
    { name: 'ready', request: () => ({ method: 'GET', path: '/readyz' }), expectStatus: 200 },
    {
      name: 'metrics',
      request: () => ({ method: 'GET', path: '/metrics' }),
      expectStatus: 200,
      verify: (body) =>
        typeof body === 'string' && body.includes('http_request_duration_seconds')
          ? undefined
          : 'the metrics page lacks http_request_duration_seconds',
    },
    ...loginListVessels.steps,
  ],
};
