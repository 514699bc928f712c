import { setTimeout as sleep } from 'node:timers/promises';

/** What a request is for: the fault figures split 5xx by it. */
export type EndpointClass = 'read' | 'write' | 'health';

export interface LoadResult {
  endpoint: EndpointClass;
  /** HTTP status; 0 when the client gave up (a hanging request) or the connection failed. */
  status: number;
  /** Retry-After as sent, if any. */
  retryAfter: string | null;
  /** Why a 503 was answered (`database_unavailable`, `deadline_exceeded`). */
  reason?: string;
  /** The client gave up after `hangAfterMs`: the request hung. */
  hung: boolean;
  error?: string;
  /** For writes: the longitude sent, unique per report, to find the row it stored. */
  marker?: number;
  startedAt: number;
  endedAt: number;
}

export interface SteadyLoadOptions {
  baseUrl: string;
  /** A token allowed to read and ingest positions. */
  token: string;
  /** A known vessel to post positions for. */
  mmsi: string;
  /** Requests in flight at once (default 3). */
  concurrency?: number;
  /** Pause between one client's requests (default 50 ms): bounded load. */
  pauseMs?: number;
  /** A request still unanswered after this long counts as hanging and is abandoned. */
  hangAfterMs: number;
}

export interface SteadyLoad {
  readonly results: readonly LoadResult[];
  stop(): Promise<LoadResult[]>;
}

const requests: { endpoint: EndpointClass; method: string; path: string }[] = [
  { endpoint: 'read', method: 'GET', path: '/api/v1/vessels?limit=20' },
  { endpoint: 'read', method: 'GET', path: '/api/v1/positions/latest' },
  { endpoint: 'write', method: 'POST', path: '/api/v1/positions' },
  { endpoint: 'health', method: 'GET', path: '/healthz' },
];

/**
 * A few clients sending reads, ingests and liveness checks in turn to an API on 127.0.0.1,
 * recording every answer, until stopped. Bounded: `concurrency` requests in flight at most.
 */
export function startSteadyLoad(options: SteadyLoadOptions): SteadyLoad {
  const results: LoadResult[] = [];
  let stopping = false;
  let serial = 0;
  const client = async () => {
    while (!stopping) {
      const spec = requests[serial++ % requests.length]!;
      results.push(await once(spec, options));
      await sleep(options.pauseMs ?? 50);
    }
  };
  const clients = Array.from({ length: options.concurrency ?? 3 }, client);
  return {
    results,
    async stop() {
      stopping = true;
      await Promise.all(clients);
      return results;
    },
  };
}

let written = 0;

async function once(spec: (typeof requests)[number], options: SteadyLoadOptions): Promise<LoadResult> {
  const startedAt = Date.now();
  const marker = spec.method === 'POST' ? -5 - ++written * 1e-6 : undefined;
  const body =
    marker !== undefined
      ? JSON.stringify([{ mmsi: options.mmsi, ts: new Date().toISOString(), lat: 36.1, lon: marker }])
      : undefined;
  try {
    const res = await fetch(options.baseUrl + spec.path, {
      method: spec.method,
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      signal: AbortSignal.timeout(options.hangAfterMs),
      ...(body ? { body } : {}),
    });
    const text = await res.text();
    let reason: string | undefined;
    if (res.status >= 500) {
      try {
        reason = (JSON.parse(text) as { reason?: string }).reason;
      } catch {
        // not JSON
      }
    }
    return {
      endpoint: spec.endpoint,
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      ...(reason ? { reason } : {}),
      hung: false,
      ...(marker !== undefined ? { marker } : {}),
      startedAt,
      endedAt: Date.now(),
    };
  } catch (err) {
    const hung = (err as Error).name === 'TimeoutError';
    return {
      endpoint: spec.endpoint,
      status: 0,
      retryAfter: null,
      hung,
      error: (err as Error).message,
      ...(marker !== undefined ? { marker } : {}),
      startedAt,
      endedAt: Date.now(),
    };
  }
}
