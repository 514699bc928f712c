import { apiPath, items, type Journey, loginStep } from './journey.ts';

/**
 * Post-deploy smoke, through the public entry point as a client sees it: the service answers
 * its probes and a user can sign in and read data. Metrics are not public (nginx answers 404 on
 * /metrics); the deploy gate checks them through Prometheus's targets instead. Runs once right
 * after a deploy; a failure triggers the rollback.
 */
export const smoke: Journey = {
  name: 'smoke',
  description: 'health, readiness, then log in and list vessels',
  steps: [
    { name: 'alive', request: () => ({ method: 'GET', path: '/healthz' }), expectStatus: 200 },
    { name: 'ready', request: () => ({ method: 'GET', path: '/readyz' }), expectStatus: 200 },
    loginStep,
    {
      // A fresh deployment may have no vessels yet: the read must answer, not find data.
      name: 'list vessels',
      request: () => ({ method: 'GET', path: apiPath('/vessels?limit=5'), auth: true }),
      expectStatus: 200,
      verify: (body) => (items(body) ? undefined : 'the vessel list has no items array'),
    },
  ],
};
