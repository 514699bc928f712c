import type { AddressInfo } from 'node:net';
import express from 'express';
import { notifier as catalog } from '../lib/catalog/notifier.ts';
import type { Env } from '../lib/config/env.ts';
import { startEmbeddedPostgres } from '../lib/db/embedded.ts';
import { createPool } from '../lib/db/pool.ts';
import { whenReachable } from '../lib/db/when-reachable.ts';
import { mountProbes } from '../lib/http/probes.ts';
import { Lifecycle } from '../lib/lifecycle.ts';
import { createLogger } from '../lib/logger.ts';
import { createInstruments, createRegistry } from '../lib/metrics/registry.ts';
import type { RunningService } from '../lib/service.ts';
import { createChannels } from './channels/create-channels.ts';
import { demoTokens, tokenVariable, callers } from './caller-tokens.ts';
import { loadConfig, receivers } from './config.ts';
import { checkDeadman, heartbeatName } from './deadman/deadman.ts';
import { Heartbeats } from './deadman/heartbeats.ts';
import { latestDeployments } from './deployments/history.ts';
import { deployBodyLimit, deploymentRoutes } from './deployments/routes.ts';
import { queueDigest } from './digest/digest.ts';
import { digestRoutes } from './digest/routes.ts';
import { errorHandler, notFound } from './http-errors.ts';
import { scheduleDigest } from './digest/schedule.ts';
import { deadLetterRoutes } from './outbox/dead-letter-routes.ts';
import { DeadLetters } from './outbox/dead-letters.ts';
import { queueGauges } from './outbox/queue-gauges.ts';
import { AlertGroupStore } from './outbox/alert-groups.ts';
import { OutboxStore } from './outbox/store.ts';
import { callerAuth } from './receiving/auth.ts';
import { receivingRoutes } from './receiving/routes.ts';
import { renderDelivery } from './rendering/render.ts';
import { RateSlots } from './worker/rate-slots.ts';
import { DeliveryWorker } from './worker/worker.ts';

export interface NotifierOptions {
  /** `npm run notifier`: stop cleanly on SIGTERM/SIGINT. */
  handleSignals?: boolean;
}

/**
 * Starts the notifier: outbox migrations, the HTTP endpoints (Alertmanager webhooks,
 * deployments, digest preview, dead letters, probes), the delivery worker and the digest job.
 */
export async function startNotifier(env: Env, options: NotifierOptions = {}): Promise<RunningService> {
  const config = loadConfig(env);
  const logger = createLogger({ service: 'notifier', nodeEnv: config.nodeEnv, level: config.logLevel });
  const lifecycle = new Lifecycle(logger);
  try {
    return await start();
  } catch (err) {
    await lifecycle.stop().catch(() => undefined);
    throw err;
  }

  async function start(): Promise<RunningService> {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const embedded = await startEmbeddedPostgres();
      lifecycle.onStop('embedded postgres', () => embedded.stop());
      databaseUrl = embedded.url;
      logger.warn('DATABASE_URL is not set: the outbox lives in an embedded PostgreSQL and is lost on exit');
    }
    for (const caller of callers)
      if (config.tokens[caller] === demoTokens[caller])
        logger.warn(
          `${tokenVariable(caller)} is not set: using the development token (refused in production)`,
        );

    const pool = createPool({
      connectionString: databaseUrl,
      applicationName: 'porttrack-notifier',
      max: 5,
      // A stuck query must not hold one of five connections (and the delivery worker) for ever.
      statementTimeoutMs: config.statementTimeoutMs,
    });
    // An idle client losing its connection (PostgreSQL restarted) must not crash the process.
    pool.on('error', (err) => logger.warn({ err }, 'idle database connection lost'));
    lifecycle.onStop('database pool', () => pool.end());
    const store = new OutboxStore(pool);
    const heartbeats = new Heartbeats(pool);
    // A task starting while PostgreSQL (or its name: a just-promoted standby's DNS record) is not
    // reachable yet waits for it, as the API does: exiting would make Swarm roll the update back.
    await whenReachable(() => store.migrate((m) => logger.info(m)), {
      onRetry: (err) => logger.warn({ err }, 'PostgreSQL not reachable yet: trying again'),
    });

    const registry = createRegistry();
    const metrics = createInstruments(registry, catalog, {
      collect: {
        ...queueGauges(store, (err) => logger.warn({ err }, 'cannot read outbox queue gauges')),
        deadmanLastSeen: async (gauge) => {
          const last = await heartbeats.last(heartbeatName).catch(() => undefined);
          gauge.set(last ? last.getTime() / 1000 : 0);
        },
      },
    });
    for (const receiver of receivers) metrics.received.inc({ receiver }, 0);
    // Gauges survive restarts through the outbox; counters restart at zero as Prometheus expects.
    for (const d of await latestDeployments(pool))
      metrics.lastDeployment.set({ service: d.service, status: d.status }, Date.parse(d.at) / 1000);

    const channels = createChannels(config, logger);
    for (const channel of channels.values()) {
      for (const counter of [metrics.delivered, metrics.failed, metrics.retried, metrics.deadLettered])
        counter.inc({ channel: channel.name }, 0);
      lifecycle.onStop(`${channel.name} channel`, () => channel.close());
    }

    const worker = new DeliveryWorker({
      store,
      slots: new RateSlots(pool),
      channels,
      settings: config.worker,
      render: (d) => renderDelivery(d, config),
      metrics,
      logger,
    });
    lifecycle.onStop('delivery worker', () => worker.stop());

    const digestTask = scheduleDigest(
      config.digestCron,
      config.digestTimezone,
      async () => {
        const result = await queueDigest(pool, store, config);
        worker.wake();
        logger.info({ ...result }, 'daily digest queued');
      },
      logger,
    );
    lifecycle.onStop('digest schedule', () => digestTask.destroy());

    if (config.deadmanTimeoutMs > 0) {
      const timer = setInterval(() => {
        checkDeadman(store, heartbeats, config, logger).then(
          (raised) => raised && worker.wake(),
          (err) => logger.warn({ err }, "cannot check the dead man's switch"),
        );
      }, config.deadmanCheckMs);
      timer.unref();
      lifecycle.onStop("dead man's switch", () => clearInterval(timer));
    }

    const app = express();
    app.disable('x-powered-by');
    mountProbes(
      app,
      registry,
      lifecycle,
      [
        {
          name: 'database',
          check: async () => {
            await pool.query('SELECT 1');
          },
        },
      ],
      logger,
    );
    // Each caller's token before any body is read, then a body limit fit for what it sends:
    // Alertmanager groups can be large; a deploy notice or an operator's request is small.
    const only = callerAuth(config.tokens);
    app.use('/alertmanager', only('alertmanager'), express.json({ limit: '2mb' }));
    app.use('/deployments', only('deploy'), express.json({ limit: deployBodyLimit }));
    app.use(['/dead-letters', '/digest'], only('operator'), express.json({ limit: '1kb' }));
    const onQueued = () => worker.wake();
    app.use(
      receivingRoutes({
        config,
        groups: new AlertGroupStore(pool),
        heartbeats,
        onReceived: (receiver) => metrics.received.inc({ receiver }),
        onQueued,
        logger,
      }),
    );
    app.use(deploymentRoutes({ config, store, metrics, onQueued, logger }));
    app.use(digestRoutes(pool, config));
    app.use(deadLetterRoutes(new DeadLetters(pool), onQueued));
    app.use(notFound);
    app.use(errorHandler(logger));

    const server = app.listen(config.port, config.host);
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    lifecycle.closeServerOnStop(server);
    worker.start();
    if (options.handleSignals) lifecycle.handleSignals();

    const port = (server.address() as AddressInfo).port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const url = `http://${host}:${port}`;
    logger.info({ url, channels: [...channels.keys()] }, 'notifier listening');
    return { url, port, stop: () => lifecycle.stop() };
  }
}
