import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultRig } from './fault-rig.ts';
import { startSteadyLoad, type EndpointClass, type LoadResult } from './steady-load.ts';

export const apiFaults = ['redis-down', 'postgres-down', 'postgres-slow'] as const;
export type ApiFault = (typeof apiFaults)[number];

/** PostgreSQL slow: every chunk from the server held this long (the 2 s per query). */
export const slowQueryMs = 2000;

export interface FaultRun {
  fault: ApiFault | 'none';
  /** Every answer under load, from before the fault until after recovery. */
  results: LoadResult[];
  faultAt: number;
  restoredAt: number;
  /** First success of a request sent after the restore, minus the restore; undefined if none came. */
  recoverMs: number | undefined;
}

export interface FaultRunOptions {
  outageMs: number;
  /** Steady load before the fault and after recovery. */
  settleMs?: number;
  /** A request unanswered this long is hanging (give the API's request deadline plus margin). */
  hangAfterMs: number;
  /** Give up waiting for recovery after this long. */
  recoverWithinMs?: number;
}

/**
 * One fault under steady load: load starts, the fault is made for `outageMs`, it is undone, and
 * the load goes on until a request sent after the restore succeeds. `none` is the A/A control:
 * the same timeline without a fault.
 */
export async function runFault(
  rig: FaultRig,
  fault: ApiFault | 'none',
  options: FaultRunOptions,
): Promise<FaultRun> {
  const settleMs = options.settleMs ?? 1000;
  const load = startSteadyLoad({
    baseUrl: rig.t.api.url,
    token: rig.t.tokens.operator,
    mmsi: rig.mmsi,
    hangAfterMs: options.hangAfterMs,
  });
  await sleep(settleMs);
  const faultAt = Date.now();
  if (fault === 'redis-down') await rig.redis.stop();
  if (fault === 'postgres-down') rig.relay.set('down');
  if (fault === 'postgres-slow') rig.relay.set('slow', slowQueryMs);
  await sleep(options.outageMs);
  if (fault === 'redis-down') await rig.redis.start();
  if (fault !== 'redis-down') rig.relay.set('up');
  const restoredAt = Date.now();
  const deadline = restoredAt + (options.recoverWithinMs ?? 30_000);
  let recoverMs: number | undefined;
  while (recoverMs === undefined && Date.now() < deadline) {
    await sleep(50);
    recoverMs = recoveredAfter(load.results, restoredAt);
  }
  await sleep(settleMs);
  const results = await load.stop();
  return { fault, results, faultAt, restoredAt, recoverMs: recoveredAfter(results, restoredAt) };
}

const isDependencyEndpoint = (r: LoadResult) => r.endpoint !== 'health';

function recoveredAfter(results: readonly LoadResult[], restoredAt: number): number | undefined {
  const ends = results
    .filter((r) => isDependencyEndpoint(r) && r.startedAt >= restoredAt && r.status >= 200 && r.status < 300)
    .map((r) => r.endedAt);
  return ends.length ? Math.min(...ends) - restoredAt : undefined;
}

export interface FaultSummary {
  requests: number;
  /** 2xx answers. */
  served: number;
  /** 5xx answers by endpoint class. */
  serverErrors: Record<EndpointClass, number>;
  /** 503s without a Retry-After header. */
  withoutRetryAfter: number;
  /** Answers that are neither 2xx nor 503 (a 500, a 429, a dropped connection). */
  failedOtherwise: number;
  /** Requests the client gave up on. */
  hung: number;
}

export function summarize(results: readonly LoadResult[]): FaultSummary {
  const serverErrors: Record<EndpointClass, number> = { read: 0, write: 0, health: 0 };
  for (const r of results) if (r.status >= 500) serverErrors[r.endpoint]++;
  return {
    requests: results.length,
    served: results.filter((r) => r.status >= 200 && r.status < 300).length,
    serverErrors,
    withoutRetryAfter: results.filter((r) => r.status === 503 && !r.retryAfter).length,
    failedOtherwise: results.filter((r) => !(r.status >= 200 && r.status < 300) && r.status !== 503).length,
    hung: results.filter((r) => r.hung).length,
  };
}
