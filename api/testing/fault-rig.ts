import type { Env } from '../../lib/config/env.ts';
import { adminUrl } from '../../lib/testing/database.ts';
import { startOwnRedis, type OwnRedis } from '../../lib/testing/redis-server.ts';
import { startTcpRelay, type TcpRelay } from '../../lib/testing/tcp-relay.ts';
import { startTestApi, vesselBody, type TestApi } from './test-api.ts';

/** The API wired for fault injection, with one vessel it can report positions for. */
export interface FaultRig {
  t: TestApi;
  /** A Redis server of the rig's own: `stop()` is a real outage. */
  redis: OwnRedis;
  /** PostgreSQL as the API sees it: `set('down' | 'slow' | 'up')`. */
  relay: TcpRelay;
  /** MMSI of the vessel created at start. */
  mmsi: string;
  close(): Promise<void>;
}

/**
 * The real API with its own Redis server and PostgreSQL behind a relay the caller controls, so
 * faults never touch the machine's shared services. Used by the degrade and fault tests and by
 * `npm run bench -- faults`.
 */
export async function startFaultRig(name: string, env: Env = {}): Promise<FaultRig> {
  const redis = await startOwnRedis();
  const target = new URL(adminUrl);
  const relay = await startTcpRelay({ host: target.hostname, port: Number(target.port || 5432) });
  let t: TestApi | undefined;
  const close = async () => {
    await t?.close();
    await relay.close();
    await redis.close();
  };
  try {
    t = await startTestApi(
      name,
      {
        REDIS_URL: redis.url,
        PORTTRACK_RATE_LIMIT_PER_MINUTE: '100000',
        PORTTRACK_DB_STATEMENT_TIMEOUT_MS: '2000',
        PORTTRACK_REQUEST_TIMEOUT_MS: '4000',
        ...env,
      },
      { databasePort: relay.port },
    );
    const vessel = vesselBody();
    const created = await t.request('POST', '/api/v1/vessels', { token: t.tokens.operator, body: vessel });
    if (created.status !== 201) throw new Error(`creating the rig's vessel: ${created.status}`);
    return { t, redis, relay, mmsi: vessel.mmsi, close };
  } catch (err) {
    await close();
    throw err;
  }
}
