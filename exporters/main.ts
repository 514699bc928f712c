import { ConfigError } from '../lib/config/env.ts';
import { startExporter } from './server.ts';

try {
  await startExporter(process.env, { handleSignals: true });
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`exporters: ${err.message}`);
    process.exit(2);
  }
  console.error('exporters: failed to start:', err);
  process.exit(1);
}
