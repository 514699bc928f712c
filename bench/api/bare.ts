import express from 'express';

// Child-process entry: a bare Express 5 app answering {"hello":"world"}, the yardstick every API
// figure is divided by (same Node, same machine, same load generator, same round).
const app = express();
app.disable('x-powered-by');
app.get('/', (_req, res) => {
  res.json({ hello: 'world' });
});
const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(
    `BENCH_READY ${JSON.stringify({ url: `http://127.0.0.1:${port}`, node: process.version, httpMetrics: false })}\n`,
  );
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
