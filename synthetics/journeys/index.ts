import { ingestPosition } from './ingest-position.ts';
import { loginListVessels } from './login-list-vessels.ts';

export type { Journey, JourneyContext, Step, StepRequest } from './journey.ts';
export { ingestPosition, loginListVessels };

/** The journeys run on a schedule (the probe runner, the scheduled k6 job). */
export const scheduledJourneys = [loginListVessels, ingestPosition] as const;
