import type { JourneyContext } from '../journeys/journey.ts';

/** k6 reads its settings from `-e NAME=value` or the environment. */
export const baseUrl = (__ENV.BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');

export function newContext(): JourneyContext {
  const email = __ENV.PROBE_EMAIL ?? 'probe@porttrack.local';
  const password = __ENV.PROBE_PASSWORD;
  if (!password)
    throw new Error('set PROBE_PASSWORD (k6 run -e PROBE_PASSWORD=...) to the probe user password');
  return { vars: {}, credentials: { email, password }, startedAt: Date.now() };
}
