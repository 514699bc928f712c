import type { Env } from './config/env.ts';

/**
 * What every service's start function returns: where it listens and how to stop it cleanly.
 * Each service exposes `start<Service>(env)` in `<service>/server.ts`; configuration comes from
 * the env object (process.env in production, a built object in tests and `npm start`), and
 * `PORT=0` picks a free port.
 */
export interface RunningService {
  /** Base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export type StartService = (env: Env) => Promise<RunningService>;
