import { instantQuery } from '../../../scripts/local-stack/prometheus-api.ts';

/**
 * How long a windowed condition takes to cross its threshold once a drill's fault is in place,
 * computed from the fault (never fitted to a measured latency): the part of the detection time
 * that scrape + evaluation + `for` + group_wait do not count.
 */

/**
 * A ratio over a window of `windowSeconds` (e.g. 5xx over all requests), with no failures before
 * and steady traffic of which `failingShare` now fails, passes `threshold` after
 * threshold x window / failingShare seconds.
 */
export function ratioCrossingSeconds(threshold: number, windowSeconds: number, failingShare: number): number {
  if (!(failingShare > 0 && failingShare <= 1))
    throw new Error(`failing share ${failingShare} not in (0, 1]`);
  return (threshold * windowSeconds) / failingShare;
}

/**
 * The share of the API's requests an error fault on `/api/v1` fails: /api/v1 requests over all
 * requests in the last minute before the fault (health checks and scrapes are counted too).
 */
export async function apiV1Share(prometheusUrl: string): Promise<number> {
  const value = async (expr: string) => Number((await instantQuery(prometheusUrl, expr))[0]?.value[1] ?? NaN);
  const share = await value(
    'sum(rate(http_request_duration_seconds_count{job="porttrack-api",route=~"/api/v1.*"}[1m])) / sum(rate(http_request_duration_seconds_count{job="porttrack-api"}[1m]))',
  );
  if (!Number.isFinite(share) || share <= 0)
    throw new Error(`no /api/v1 traffic in the last minute (share ${share})`);
  return share;
}
