// `tsx synthetics/runner/main.ts`: the probe runner as a process (the stack's synthetics service).
import { ConfigError } from '../../lib/config/env.ts';
import { startProbeRunner } from './server.ts';

try {
  const running = await startProbeRunner(process.env);
  const stop = () =>
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
