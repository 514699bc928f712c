import { ConfigError } from '../lib/config/env.ts';
import { startApi } from './server.ts';

// `npm run api`: the API on process.env, stopped cleanly by SIGTERM/SIGINT.
try {
  const api = await startApi(process.env);
  api.lifecycle.handleSignals();
  process.stdout.write(`PortTrack API on ${api.url} (metrics on ${api.url}/metrics)\n`);
} catch (err) {
  console.error(
    err instanceof ConfigError ? err.message : `PortTrack API failed to start: ${(err as Error).message}`,
  );
  process.exit(1);
}
