import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { chain } from '../lib/http/chain.ts';
import { requireContentType } from '../lib/http/content-type.ts';
import { errorHandler, notFoundHandler } from '../lib/http/error-handler.ts';
import { httpMetrics } from '../lib/http/http-metrics.ts';
import { mountProbes } from '../lib/http/probes.ts';
import { requestLogger } from '../lib/http/request-logger.ts';
import { servedBy, servedByHeader } from '../lib/http/served-by.ts';
import { traceContext } from '../lib/http/trace-context.ts';
import type { AppContext } from './context.ts';
import { authenticate } from './domain/auth/authenticate.ts';
import { LoginThrottle } from './domain/auth/login-throttle.ts';
import { loginRoute, meRoute } from './domain/auth/routes.ts';
import { berthRoutes } from './domain/berths/routes.ts';
import { cargoRoutes } from './domain/cargo/routes.ts';
import { portCallRoutes } from './domain/port-calls/routes.ts';
import { seaRouteRoutes } from './domain/sea-routes/routes.ts';
import { staffRoutes } from './domain/staff/routes.ts';
import { trackingRoutes } from './domain/tracking/routes.ts';
import { userRoutes } from './domain/users/routes.ts';
import { vesselRoutes } from './domain/vessels/routes.ts';
import { mountApiDocs } from './openapi/serve.ts';
import { apiRouter } from './platform/api-router.ts';
import { internalRoutes } from './platform/internal-routes.ts';
import { limiter } from './platform/rate-limit.ts';
import { requestDeadline } from './platform/request-scope.ts';

export const apiPrefix = '/api/v1';
export const jsonBodyLimit = '100kb';

/**
 * The Express app. Order matters: metrics and trace id first (they see every request, errors
 * included), then security headers, CORS, probes, rate limits, authentication, body parsing and
 * the domain routes; the JSON 404 and error handler last. Routers are mounted at static paths
 * with case-sensitive routing so the route label is always a template from this code.
 */
export function buildApp(ctx: AppContext): Express {
  const { config, metrics, db, logger } = ctx;
  const app = express();
  app.disable('x-powered-by');
  // No ETag: it hashes every answer body (SHA-1) while every answer is fresh data no client of
  // ours revalidates; the work showed in the CPU profile of each read.
  app.set('etag', false);
  app.set('case sensitive routing', true);
  app.set('trust proxy', config.trustProxy);
  // Every request passes these, so they form one router layer (lib/http/chain.ts).
  app.use(
    chain(
      ...(config.httpMetrics ? [httpMetrics(metrics.httpRequestDuration, metrics.httpRequestsInFlight)] : []),
      traceContext(),
      servedBy(),
      requestLogger(logger, { successSampleRate: config.logSampleRate }),
      helmet(),
      cors({
        origin: config.corsOrigins,
        exposedHeaders: [
          'x-trace-id',
          'traceparent',
          'Retry-After',
          'RateLimit',
          'RateLimit-Policy',
          servedByHeader,
        ],
        maxAge: 600,
      }),
    ),
  );
  mountProbes(
    app,
    ctx.registry,
    ctx.lifecycle,
    [
      { name: 'postgres', check: async () => void (await db.pool.query('SELECT 1')) },
      { name: ctx.cache.kind === 'redis' ? 'redis' : 'cache', check: () => ctx.cache.ping() },
    ],
    logger,
  );
  if (config.faultInjection) app.use('/internal', internalRoutes(ctx.faults));
  mountApiDocs(app);

  const router = express.Router({ caseSensitive: true });
  router.use(requestDeadline(config.requestTimeoutMs));
  const api = apiRouter(router, ctx.faults.gate);
  router.use(
    limiter({
      name: 'api',
      perMinute: config.rateLimitPerMinute,
      cache: ctx.cache,
      limited: metrics.rateLimited,
    }),
  );
  const loginLimiter = limiter({
    name: 'login',
    perMinute: config.loginRateLimitPerMinute,
    cache: ctx.cache,
    limited: metrics.rateLimited,
    skipSuccessful: true,
    onLimited: () => metrics.logins.inc({ result: 'rate_limited' }),
  });
  router.use('/auth/login', requireContentType('application/json'), express.json({ limit: '4kb' }));
  loginRoute(
    api,
    {
      db,
      signer: ctx.signer,
      throttle: new LoginThrottle(ctx.cache, config.loginThrottle),
      watch: ctx.loginWatch,
      logins: metrics.logins,
    },
    loginLimiter,
  );
  router.use(authenticate(ctx.signer, ctx.tokenVersions, ctx.activeUsers));
  // Positions parse their own, larger bodies (JSON or NDJSON): registered before the general parser.
  trackingRoutes(api, {
    db,
    signer: ctx.signer,
    latest: ctx.latest,
    stream: ctx.stream,
    logger,
    ingested: metrics.positionsIngested,
    rejected: metrics.positionsRejected,
    lag: metrics.positionIngestLag,
    futureToleranceMs: config.ingestFutureToleranceMs,
  });
  router.use(requireContentType('application/json'), express.json({ limit: jsonBodyLimit }));
  meRoute(api);
  vesselRoutes(api, db);
  berthRoutes(api, db);
  seaRouteRoutes(api, db);
  portCallRoutes(api, db, metrics.portCallEvents);
  cargoRoutes(api, db, metrics.cargoOperationsCompleted);
  staffRoutes(api, db);
  userRoutes(api, { db, versions: ctx.tokenVersions });
  app.use(apiPrefix, router);

  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}
