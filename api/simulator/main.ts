import { ConfigError } from '../../lib/config/env.ts';
import { Lifecycle } from '../../lib/lifecycle.ts';
import { createLogger } from '../../lib/logger.ts';
import { loadSimulatorConfig } from './config.ts';
import { startSimulator } from './simulator.ts';

// `npm run simulate`: drives the API at API_URL until SIGTERM/SIGINT.
const logger = createLogger({
  service: 'simulator',
  nodeEnv: 'development',
  level: process.env.LOG_LEVEL ?? 'info',
});
let config;
try {
  config = loadSimulatorConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(2);
}
const simulator = await startSimulator({
  apiUrl: config.apiUrl,
  password: config.password,
  tickMs: config.tickMs,
  timeScale: config.timeScale,
  scenarios: config.scenarios,
  ...(config.seed !== undefined ? { seed: config.seed } : {}),
  log: (message) => logger.info(message),
});
if (config.holdAtAnchorage) simulator.holdAtAnchorage(config.holdAtAnchorage);
const lifecycle = new Lifecycle(logger);
lifecycle.onStop('simulator', () => simulator.stop());
lifecycle.handleSignals();
