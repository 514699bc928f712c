import { ConfigError } from '../lib/config/env.ts';
import { startApi } from './server.ts';

// `npm run api`: the API on process.env, stopped cleanly by SIGTERM/SIGINT.
try {
  const api = await startApi(process.env);
  api.lifecycle.handleSignals();
  const password = api.startup.generatedDemoPassword;
  // Printed once, to the terminal only (never to the logs).
  if (password)
    process.stdout.write(`demo users admin@, operator@, viewer@porttrack.local: password ${password}\n`);
  process.stdout.write(`PortTrack API on ${api.url} (metrics on ${api.url}/metrics)\n`);
} catch (err) {
  console.error(
    err instanceof ConfigError ? err.message : `PortTrack API failed to start: ${(err as Error).message}`,
  );
  process.exit(1);
}
