import type { Registry } from 'prom-client';
import type { Logger } from '../lib/logger.ts';
import type { Lifecycle } from '../lib/lifecycle.ts';
import type { ApiConfig } from './config.ts';
import type { ActiveUsers } from './domain/auth/active-users.ts';
import type { LoginWatch } from './domain/auth/login-watch.ts';
import type { TokenVersions } from './domain/auth/token-versions.ts';
import type { TokenSigner } from './domain/auth/tokens.ts';
import type { LatestPositions } from './domain/tracking/latest-positions.ts';
import type { PositionStream } from './domain/tracking/position-stream.ts';
import type { Cache } from './platform/cache.ts';
import type { Db } from './platform/db.ts';
import type { Faults } from './platform/faults.ts';
import type { ApiMetrics } from './platform/metrics.ts';

/** Everything the HTTP layer needs, built once at start-up by server.ts. */
export interface AppContext {
  config: ApiConfig;
  logger: Logger;
  lifecycle: Lifecycle;
  registry: Registry;
  metrics: ApiMetrics;
  db: Db;
  cache: Cache;
  signer: TokenSigner;
  /** Each user's current token version: revoked tokens are refused. */
  tokenVersions: TokenVersions;
  activeUsers: ActiveUsers;
  loginWatch: LoginWatch;
  latest: LatestPositions;
  stream: PositionStream;
  faults: Faults;
}
