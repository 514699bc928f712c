import { ConfigError } from '../lib/config/env.ts';
import { startNotifier } from './server.ts';

// `npm run notifier`: configuration from the environment, clean stop on SIGTERM/SIGINT.
try {
  await startNotifier(process.env, { handleSignals: true });
} catch (err) {
  console.error(
    err instanceof ConfigError ? err.message : `notifier failed to start: ${(err as Error).stack}`,
  );
  process.exit(1);
}
