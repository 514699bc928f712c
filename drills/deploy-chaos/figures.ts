import { percentile } from '../../lib/stats/percentile.ts';
import { isFailure, readOps, type Sample } from './load.ts';

export interface WindowFigures {
  sent: number;
  failed: {
    total: number;
    reads: number;
    writes: number;
    http_5xx: number;
    connection_error: number;
    timeout: number;
    /** The 5xx by status code (e.g. 502: the replica dropped the request; 504: nginx reached none in time). */
    byStatus: Record<string, number>;
    /**
     * Every failed request, grouped by what answered and why: status, nginx's X-Api-Service, the
     * replica's X-Api-Host (none: nginx answered alone) and the body's error code; most first.
     */
    causes: FailureCause[];
    /** The first failed requests one by one (up to 50), in the order they were sent. */
    first: FailedRequest[];
  };
  /** 4xx answers: not failures (e.g. a port call refused as a conflict), counted apart. */
  clientErrors: number;
  /** Requests sent again once because their kept-alive connection closed under them (load.ts). */
  resent: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

export interface FailureCause {
  status: number;
  service: string | null;
  host: string | null;
  code: string | null;
  count: number;
}

export interface FailedRequest {
  op: string;
  sentAtMs: number;
  status: number;
  service: string | null;
  host: string | null;
  code: string | null;
}

function causesOf(failed: readonly Sample[]): FailureCause[] {
  const groups = new Map<string, FailureCause>();
  for (const s of failed) {
    const cause = {
      status: s.status,
      service: s.service ?? null,
      host: s.host ?? null,
      code: s.code ?? null,
    };
    const key = JSON.stringify(cause);
    const group = groups.get(key) ?? { ...cause, count: 0 };
    group.count += 1;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

function countBy(keys: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

/** A latency percentile in ms to one decimal; null without requests. */
function latencyPercentile(latencies: number[], p: number): number | null {
  return latencies.length === 0 ? null : Number(percentile(latencies, p).toFixed(1));
}

/** Figures of the requests sent in [fromMs, toMs) (ms since the load started). */
export function windowFigures(
  samples: readonly Sample[],
  fromMs = 0,
  toMs = Number.POSITIVE_INFINITY,
): WindowFigures {
  const inWindow = samples.filter((s) => s.sentAt >= fromMs && s.sentAt < toMs);
  const failed = inWindow.filter((s) => isFailure(s.outcome));
  const fiveHundreds = failed.filter((s) => s.outcome === 'http_5xx');
  const latencies = inWindow.map((s) => s.doneAt - s.sentAt);
  return {
    sent: inWindow.length,
    failed: {
      total: failed.length,
      reads: failed.filter((s) => readOps.includes(s.op)).length,
      writes: failed.filter((s) => !readOps.includes(s.op)).length,
      http_5xx: fiveHundreds.length,
      connection_error: failed.filter((s) => s.outcome === 'connection_error').length,
      timeout: failed.filter((s) => s.outcome === 'timeout').length,
      byStatus: countBy(fiveHundreds.map((s) => String(s.status))),
      causes: causesOf(failed),
      first: [...failed]
        .sort((a, b) => a.sentAt - b.sentAt)
        .slice(0, 50)
        .map((s) => ({
          op: s.op,
          sentAtMs: Math.round(s.sentAt),
          status: s.status,
          service: s.service ?? null,
          host: s.host ?? null,
          code: s.code ?? null,
        })),
    },
    clientErrors: inWindow.filter((s) => s.outcome === 'client_error').length,
    resent: inWindow.filter((s) => s.resent).length,
    p50Ms: latencyPercentile(latencies, 50),
    p99Ms: latencyPercentile(latencies, 99),
  };
}

/** Seconds from the first failed request sent to the last one answered; 0 without failures. */
export function failureSpanSeconds(samples: readonly Sample[]): number {
  const failed = samples.filter((s) => isFailure(s.outcome));
  if (failed.length === 0) return 0;
  return Number(
    ((Math.max(...failed.map((s) => s.doneAt)) - Math.min(...failed.map((s) => s.sentAt))) / 1000).toFixed(1),
  );
}

/**
 * When live traffic moved from one API service to another, as the load saw it: the send time of
 * the first request after which every answer came from `to`; null if it never settled.
 */
export function settledOn(samples: readonly Sample[], to: string, afterMs: number): number | null {
  const answered = samples
    .filter((s) => s.sentAt >= afterMs && s.service !== undefined)
    .sort((a, b) => a.sentAt - b.sentAt);
  let lastOther = -1;
  answered.forEach((s, i) => {
    if (s.service !== to) lastOther = i;
  });
  const first = answered[lastOther + 1];
  return first ? first.sentAt : null;
}

/**
 * One line for a log: each cause with its count (`12× 503 api/a1b2c3 database_unavailable: …`),
 * then the send times of the first failures, enough to place them against the deploy's own log.
 */
export function describeCauses(failed: WindowFigures['failed']): string {
  const causes = failed.causes
    .slice(0, 5)
    .map((c) => `${c.count}× ${c.status} ${c.service ?? '-'}/${c.host ?? 'nginx'} ${c.code ?? ''}`.trim());
  const firstAt = failed.first.slice(0, 5).map((f) => `${f.op}@${(f.sentAtMs / 1000).toFixed(1)}s`);
  return `${causes.join('; ')} (first: ${firstAt.join(', ')})`;
}
