import { z } from 'zod';
import { ConfigError, parseConfig, readSecret, type Env } from '../../lib/config/env.ts';
import { parseScenarios } from './scenarios.ts';

const schema = z.object({
  API_URL: z
    .url({ protocol: /^https?$/, message: 'expected http://host:port' })
    .default('http://127.0.0.1:3000'),
  SIMULATOR_TICK_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  SIMULATOR_TIME_SCALE: z.coerce.number().min(1).max(1000).default(20),
  SIMULATOR_SEED: z.coerce.number().int().min(0).optional(),
  SIMULATOR_HOLD_AT_ANCHORAGE: z.coerce.number().int().min(0).max(50).default(0),
  /** Comma-separated fault scenarios (scenarios.ts); none: a well-run port. */
  SIMULATOR_SCENARIOS: z.string().default(''),
});

export type SimulatorConfig = ReturnType<typeof loadSimulatorConfig>;

/** `npm run simulate` configuration from the environment (the password also as PORTTRACK_DEMO_PASSWORD_FILE). */
export function loadSimulatorConfig(env: Env) {
  const password = readSecret(env, 'PORTTRACK_DEMO_PASSWORD');
  const c = parseConfig(schema, env);
  if (!password)
    throw new ConfigError([
      'PORTTRACK_DEMO_PASSWORD: required, the demo password the API was started with (npm start prints it when it generates one)',
    ]);
  let scenarios;
  try {
    scenarios = parseScenarios(c.SIMULATOR_SCENARIOS);
  } catch (err) {
    throw new ConfigError([`SIMULATOR_SCENARIOS: ${(err as Error).message}`]);
  }
  return {
    scenarios,
    apiUrl: c.API_URL,
    password,
    tickMs: c.SIMULATOR_TICK_MS,
    timeScale: c.SIMULATOR_TIME_SCALE,
    seed: c.SIMULATOR_SEED,
    holdAtAnchorage: c.SIMULATOR_HOLD_AT_ANCHORAGE,
  };
}
