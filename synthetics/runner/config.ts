import { z } from 'zod';
import {
  ConfigError,
  type Env,
  logLevel,
  nodeEnv,
  parseConfig,
  port,
  readSecret,
} from '../../lib/config/env.ts';
import { scheduledJourneys } from '../journeys/index.ts';

const journeyNames = scheduledJourneys.map((j) => j.name);

const schema = z.object({
  PORT: port(9466),
  HOST: z.string().min(1).default('0.0.0.0'),
  NODE_ENV: nodeEnv,
  LOG_LEVEL: logLevel,
  PROBE_TARGET_URL: z
    .url({ message: 'expected the API base URL, e.g. http://api:3000' })
    .default('http://127.0.0.1:3000'),
  PROBE_INTERVAL_SECONDS: z.coerce.number().positive().default(60),
  /** Bound on each HTTP step; a journey's duration is at most steps x this. */
  PROBE_STEP_TIMEOUT_SECONDS: z.coerce.number().positive().default(10),
  PROBE_EMAIL: z.email().default('probe@porttrack.local'),
  PROBE_JOURNEYS: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim()) : journeyNames))
    .refine((names) => names.every((n) => journeyNames.includes(n)), {
      message: `unknown journey; known: ${journeyNames.join(', ')}`,
    }),
});

export type ProbeRunnerConfig = ReturnType<typeof loadProbeRunnerConfig>;

/** The probe runner's settings; the probe user's password is a secret (PROBE_PASSWORD or _FILE). */
export function loadProbeRunnerConfig(env: Env) {
  const password = readSecret(env, 'PROBE_PASSWORD');
  const c = parseConfig(schema, env);
  if (!password) {
    throw new ConfigError([
      'PROBE_PASSWORD: required (or PROBE_PASSWORD_FILE): the password of the probe user PROBE_EMAIL; `npm start` passes the demo password',
    ]);
  }
  return {
    port: c.PORT,
    host: c.HOST,
    nodeEnv: c.NODE_ENV,
    logLevel: c.LOG_LEVEL,
    targetUrl: c.PROBE_TARGET_URL.replace(/\/$/, ''),
    intervalMs: c.PROBE_INTERVAL_SECONDS * 1000,
    stepTimeoutMs: c.PROBE_STEP_TIMEOUT_SECONDS * 1000,
    credentials: { email: c.PROBE_EMAIL, password },
    journeys: scheduledJourneys.filter((j) => c.PROBE_JOURNEYS.includes(j.name)),
  };
}
