import type { Express } from 'express';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Env } from '../lib/config/env.ts';
import { startEmbeddedPostgres } from '../lib/db/embedded.ts';
import { migrate } from '../lib/db/migrate.ts';
import { whenReachable } from '../lib/db/when-reachable.ts';
import { createPool } from '../lib/db/pool.ts';
import { closeServer, Lifecycle } from '../lib/lifecycle.ts';
import { createLogger } from '../lib/logger.ts';
import { createRegistry } from '../lib/metrics/registry.ts';
import type { RunningService } from '../lib/service.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import type { AppContext } from './context.ts';
import { ActiveUsers } from './domain/auth/active-users.ts';
import { demoUsers } from './domain/auth/demo-users.ts';
import { LoginWatch } from './domain/auth/login-watch.ts';
import { TokenVersions } from './domain/auth/token-versions.ts';
import { createTokenSigner } from './domain/auth/tokens.ts';
import { LatestPositions } from './domain/tracking/latest-positions.ts';
import { PositionStream } from './domain/tracking/position-stream.ts';
import { PositionRetention } from './domain/tracking/retention.ts';
import { connectRedisCache, createMemoryCache } from './platform/cache.ts';
import { createDb } from './platform/db.ts';
import { Faults } from './platform/faults.ts';
import { createApiMetrics } from './platform/metrics.ts';
import { seedOnStart, type StartupReport } from './startup-seed.ts';

export const migrationsDir = fileURLToPath(new URL('./migrations', import.meta.url));

export interface ApiService extends RunningService {
  lifecycle: Lifecycle;
  /** What start-up did: demo password (when generated), seeding summary. */
  startup: StartupReport;
  /** Whether the HTTP metrics middleware is on (PORTTRACK_HTTP_METRICS). */
  httpMetrics: boolean;
  /** The Express app it serves (the contract test lists its routes). */
  app: Express;
}

/**
 * Starts the PortTrack API: configuration, database (or an embedded PostgreSQL), migrations under
 * the advisory lock, cache (Redis or in-process), demo data, then HTTP. Anything started before
 * a failure is stopped again, so a failed start leaves nothing running.
 */
export async function startApi(env: Env): Promise<ApiService> {
  const config = loadConfig(env);
  const logger = createLogger({
    service: 'api',
    nodeEnv: config.nodeEnv,
    level: config.logLevel,
    lokiUrl: config.lokiUrl,
  });
  const lifecycle = new Lifecycle(logger, config.shutdownGraceMs, config.shutdownDrainMs);
  // Registered first, so it runs last: the final log lines reach stdout (and Loki) before exit.
  lifecycle.onStop('logger', () => new Promise<void>((done) => logger.flush(() => done())));
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      logger.info('no DATABASE_URL: starting embedded PostgreSQL');
      const embedded = await startEmbeddedPostgres({
        ...(config.dataDir ? { dataDir: config.dataDir } : {}),
        maxConnections: config.dbPoolMax + 2,
      });
      lifecycle.onStop('embedded postgres', () => embedded.stop());
      databaseUrl = embedded.url;
    }
    const pool = createPool({
      connectionString: databaseUrl,
      max: config.dbPoolMax,
      applicationName: 'porttrack-api',
      connectionTimeoutMs: config.dbConnectTimeoutMs,
      statementTimeoutMs: config.dbStatementTimeoutMs,
      onIdleError: (err) => logger.warn({ err }, 'idle PostgreSQL client failed'),
    });
    lifecycle.onStop('postgres pool', () => pool.end());
    await whenReachable(
      () => migrate(pool, { dir: migrationsDir, table: 'schema_migrations', log: (m) => logger.info(m) }),
      { onRetry: (err) => logger.warn({ err }, 'PostgreSQL not reachable yet: trying again') },
    ).catch((err: Error) => {
      throw new Error(`${err.message} (check DATABASE_URL and that PostgreSQL is running)`);
    });
    // Today's and the coming days' position partitions before serving, then hourly.
    const retention = new PositionRetention(pool, config.positionRetentionDays, logger);
    await retention.run();
    retention.start();
    lifecycle.onStop('position retention', () => retention.stop());
    const cache = config.redisUrl
      ? await connectRedisCache(config.redisUrl, config.redisKeyPrefix, (event, err) =>
          event === 'lost'
            ? logger.warn({ err }, 'Redis unreachable: limits in memory, cache bypassed')
            : logger.info('Redis reachable again'),
        )
      : createMemoryCache();
    lifecycle.onStop('cache', () => cache.close());

    const registry = createRegistry();
    const activeUsers = new ActiveUsers();
    const loginWatch = new LoginWatch();
    const metrics = createApiMetrics(registry, {
      pool,
      activeUsers: () => activeUsers.count(),
      streamClients: () => stream.size,
      loginWatch,
      retentionLastSuccessSeconds: () => retention.lastSuccessSeconds,
    });
    const db = createDb(pool, metrics.dbQueryDuration, { poolWaitMs: config.requestTimeoutMs });
    const tokenVersions = new TokenVersions(cache, db, logger);
    lifecycle.onStop('token versions', () => tokenVersions.stop());
    const stream = new PositionStream(
      cache,
      logger,
      config.stream,
      config.httpMetrics ? metrics.httpRequestsInFlight : undefined,
      tokenVersions,
    );
    const latest = new LatestPositions(cache, db, metrics.cacheRequests);
    const ctx: AppContext = {
      config,
      logger,
      lifecycle,
      registry,
      metrics,
      db,
      cache,
      signer: createTokenSigner(
        { current: config.tokenSecret, other: config.tokenSecretOther },
        config.tokenTtlSeconds,
      ),
      tokenVersions,
      activeUsers,
      loginWatch,
      latest,
      stream,
      faults: new Faults(),
    };
    if (!config.tokenSecret)
      logger.warn(
        'PORTTRACK_TOKEN_SECRET unset: tokens are signed with a random key and die with the process',
      );
    const startup = await seedOnStart(ctx);
    // Demo mode only (production refuses demo users): shown once, so whoever started it can log in.
    if (startup.generatedDemoPassword)
      logger.warn(
        { demo_users: demoUsers.map((u) => u.email) },
        `demo users' password (generated, set PORTTRACK_DEMO_PASSWORD to choose it): ${startup.generatedDemoPassword}`,
      );
    await latest.warm();

    const app = buildApp(ctx);
    const server = await listen(app, config.host, config.port);
    lifecycle.closeKeepAliveWhenStopping(server);
    // Registered last, so it runs first: end live streams, stop accepting, let in-flight requests finish.
    lifecycle.onStop('http server', () => {
      stream.closeAll();
      return closeServer(server);
    });
    const port = (server.address() as { port: number }).port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    logger.info(
      { url, database: config.databaseUrl ? 'postgres' : 'embedded', cache: cache.kind },
      'PortTrack API listening',
    );
    return {
      url,
      port,
      lifecycle,
      startup,
      httpMetrics: config.httpMetrics,
      app,
      stop: () => lifecycle.stop(),
    };
  } catch (err) {
    await lifecycle.stop().catch(() => undefined);
    throw err;
  }
}

function listen(app: ReturnType<typeof buildApp>, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
    // Longer than a typical load balancer's idle timeout, so it closes idle connections, not us.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  });
}
