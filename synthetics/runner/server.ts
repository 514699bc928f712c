import type { Server } from 'node:http';
import express from 'express';
import { synthetics } from '../../lib/catalog/index.ts';
import type { Env } from '../../lib/config/env.ts';
import { mountProbes } from '../../lib/http/probes.ts';
import { Lifecycle } from '../../lib/lifecycle.ts';
import { createLogger, type Logger } from '../../lib/logger.ts';
import { createInstruments, createRegistry } from '../../lib/metrics/registry.ts';
import type { RunningService } from '../../lib/service.ts';
import { loadProbeRunnerConfig, type ProbeRunnerConfig } from './config.ts';
import { runJourney } from './run-journey.ts';
import { every } from './scheduler.ts';

/**
 * The synthetic probe runner: runs the scheduled journeys against the API every
 * PROBE_INTERVAL_SECONDS and publishes, per journey, whether the last run passed, how long it
 * took and when it ran (catalog group `synthetics`) on its own /metrics.
 */
export async function startProbeRunner(env: Env, logger?: Logger): Promise<RunningService> {
  const config = loadProbeRunnerConfig(env);
  const log =
    logger ?? createLogger({ service: 'synthetics', nodeEnv: config.nodeEnv, level: config.logLevel });
  const registry = createRegistry();
  const metrics = createInstruments(registry, synthetics);
  const lifecycle = new Lifecycle(log);
  const app = express();
  app.disable('x-powered-by');
  mountProbes(app, registry, lifecycle, [], log);

  const schedule = every(config.intervalMs, (signal) => runAll(config, metrics, log, signal));
  lifecycle.onStop('probe schedule', () => schedule.stop());

  const server = await listen(app, config.port, config.host);
  lifecycle.closeServerOnStop(server);
  const port = (server.address() as { port: number }).port;
  log.info(
    { port, target: config.targetUrl, journeys: config.journeys.map((j) => j.name) },
    'probe runner started',
  );
  return { url: `http://127.0.0.1:${port}`, port, stop: () => lifecycle.stop() };
}

async function runAll(
  config: ProbeRunnerConfig,
  metrics: ReturnType<typeof createInstruments<typeof synthetics>>,
  log: Logger,
  signal: AbortSignal,
): Promise<void> {
  for (const journey of config.journeys) {
    if (signal.aborted) return;
    const result = await runJourney(journey, {
      baseUrl: config.targetUrl,
      credentials: config.credentials,
      stepTimeoutMs: config.stepTimeoutMs,
      signal,
    });
    if (signal.aborted) return;
    const labels = { journey: journey.name };
    metrics.probeSuccess.set(labels, result.success ? 1 : 0);
    metrics.probeDuration.set(labels, result.durationSeconds);
    metrics.probeLastRun.set(labels, Date.now() / 1000);
    const fields = {
      journey: journey.name,
      trace_id: result.traceId,
      duration_s: round(result.durationSeconds),
    };
    if (result.success) log.info(fields, 'journey passed');
    else
      log.warn({ ...fields, step: result.failure?.step, reason: result.failure?.reason }, 'journey failed');
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;

function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
  });
}
