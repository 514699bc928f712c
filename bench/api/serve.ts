import { startApi } from '../../api/server.ts';

// Child-process entry: the API under test in its own process (and its own Node binary), so the
// load generator never shares its event loop. Configuration comes from the environment.
const api = await startApi(process.env);
process.stdout.write(
  `BENCH_READY ${JSON.stringify({ url: api.url, node: process.version, httpMetrics: api.httpMetrics })}\n`,
);
const stop = () =>
  api.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
