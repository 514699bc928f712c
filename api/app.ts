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
import { apiRoutes, type ApiDeps } from './api-routes.ts';
import type { AppContext } from './context.ts';
import { accessPolicy } from './domain/auth/access.ts';
import { authenticate } from './domain/auth/authenticate.ts';
import { LoginThrottle } from './domain/auth/login-throttle.ts';
import { mountApiDocs } from './openapi/serve.ts';
import { internalRoutes } from './platform/internal-routes.ts';
import { limiter } from './platform/rate-limit.ts';
import { requestDeadline } from './platform/request-scope.ts';
import { VersionedAnswers } from './platform/versioned-answers.ts';
import { mountRoutes, routesOf } from './routing/mount.ts';
import { apiPrefix, type ApiRoute, type RouteTable } from './routing/route.ts';

export const jsonBodyLimit = '100kb';

/**
 * The Express app. Order matters: metrics and trace id first (they see every request, errors
 * included), then security headers, CORS, probes, rate limits, authentication, body parsing and
 * the route tables' routes (api-routes.ts); the JSON 404 and error handler last. Routers are mounted at static paths
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
  router.use(
    limiter({
      name: 'api',
      perMinute: config.rateLimitPerMinute,
      cache: ctx.cache,
      limited: metrics.rateLimited,
    }),
  );
  const deps: ApiDeps = {
    db,
    vesselAnswers: new VersionedAnswers('vessels'),
    login: {
      db,
      signer: ctx.signer,
      throttle: new LoginThrottle(ctx.cache, config.loginThrottle),
      watch: ctx.loginWatch,
      logins: metrics.logins,
    },
    loginLimiter: limiter({
      name: 'login',
      perMinute: config.loginRateLimitPerMinute,
      cache: ctx.cache,
      limited: metrics.rateLimited,
      skipSuccessful: true,
      onLimited: () => metrics.logins.inc({ result: 'rate_limited' }),
    }),
    tracking: {
      db,
      signer: ctx.signer,
      latest: ctx.latest,
      stream: ctx.stream,
      logger,
      ingested: metrics.positionsIngested,
      rejected: metrics.positionsRejected,
      lag: metrics.positionIngestLag,
      futureToleranceMs: config.ingestFutureToleranceMs,
    },
    portCallEvents: metrics.portCallEvents,
    cargoCompleted: metrics.cargoOperationsCompleted,
    userAdmin: { db, versions: ctx.tokenVersions },
  };
  const mount = (which: (table: RouteTable<ApiDeps>, route: ApiRoute<ApiDeps>) => boolean) =>
    mountRoutes(router, ctx.faults.gate, routesOf(apiRoutes, which), deps);
  // Public operations (login) come before authentication; login reads a small JSON body.
  router.use('/auth/login', requireContentType('application/json'), express.json({ limit: '4kb' }));
  mount((_table, route) => route.access === 'public');
  const everyRoute = routesOf(apiRoutes, () => true);
  router.use(authenticate(ctx.signer, ctx.tokenVersions, ctx.activeUsers, accessPolicy(everyRoute)));
  // Position reports parse their own, larger bodies (JSON or NDJSON): registered before the general parser.
  mount((table, route) => route.access !== 'public' && table.ownBodies === true);
  router.use(requireContentType('application/json'), express.json({ limit: jsonBodyLimit }));
  mount((table, route) => route.access !== 'public' && table.ownBodies !== true);
  app.use(apiPrefix, router);

  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}
