import { instantQuery } from '../../local-platform/prometheus-api.ts';

/**
 * How long a windowed condition takes to cross its threshold once a drill's fault is in place,
 * computed from the fault (never fitted to a measured latency): the part of the detection time
 * that scrape + evaluation + `for` + group_wait do not count.
 */

/**
 * A ratio over a window of `windowSeconds` (e.g. 5xx over all requests, or busy CPU seconds),
 * at `shareBefore` for the whole window before the fault and steady traffic of which
 * `failingShare` fails from the fault on, passes `threshold` after
 * (threshold - before) x window / (failing - before) seconds: with nothing failing before,
 * threshold x window / failingShare.
 */
export function ratioCrossingSeconds(
  threshold: number,
  windowSeconds: number,
  failingShare: number,
  shareBefore = 0,
): number {
  if (!(failingShare > 0 && failingShare <= 1))
    throw new Error(`failing share ${failingShare} not in (0, 1]`);
  if (!(shareBefore >= 0 && shareBefore < Math.min(threshold, failingShare)))
    throw new Error(`share before the fault ${shareBefore} not in [0, ${Math.min(threshold, failingShare)})`);
  return ((threshold - shareBefore) * windowSeconds) / (failingShare - shareBefore);
}

/**
 * The share of the API's requests an error fault on `/api/v1` fails: /api/v1 requests over all
 * requests in the last `window` before the fault (health checks and scrapes are counted too).
 */
export async function apiV1Share(prometheusUrl: string, window = '1m'): Promise<number> {
  const value = async (expr: string) => Number((await instantQuery(prometheusUrl, expr))[0]?.value[1] ?? NaN);
  const share = await value(
    `sum(rate(http_request_duration_seconds_count{job="porttrack-api",route=~"/api/v1.*"}[${window}])) / sum(rate(http_request_duration_seconds_count{job="porttrack-api"}[${window}]))`,
  );
  if (!Number.isFinite(share) || share <= 0)
    throw new Error(`no /api/v1 traffic in the last ${window} (share ${share})`);
  return share;
}
