import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  path: string;
  headers?: Record<string, string>;
  connections: number;
  durationS: number;
}

export interface LoadResult {
  path: string;
  connections: number;
  duration_s: number;
  requests: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  non_2xx: number;
  errors: number;
}

/** One autocannon run against a path; any non-2xx answer or socket error is counted and reported. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: `${options.url}${options.path}`,
    connections: options.connections,
    duration: options.durationS,
    headers: options.headers ?? {},
  });
  const requests = result.requests.total;
  return {
    path: options.path,
    connections: options.connections,
    duration_s: result.duration,
    requests,
    rps: requests / result.duration,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    non_2xx: result.non2xx,
    errors: result.errors,
  };
}
