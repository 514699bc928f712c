import type { Counter } from 'prom-client';
import type { Cache } from '../../platform/cache.ts';
import type { Db } from '../../platform/db.ts';
import { latestFromDatabase, type LatestPosition } from './store.ts';

const hashKey = 'positions:latest';

/**
 * The latest position per vessel in the cache (Redis hash mmsi -> JSON, written only when newer,
 * so replicas racing cannot move a vessel back), the API's hot read path.
 * PostgreSQL's vessel_latest_positions is the source of truth: an empty cache is a miss that
 * reloads from it.
 */
export class LatestPositions {
  constructor(
    private readonly cache: Cache,
    private readonly db: Db,
    private readonly requests: Counter<'cache' | 'result'>,
  ) {}

  async write(rows: readonly LatestPosition[]): Promise<void> {
    if (rows.length === 0) return;
    await this.cache.hashSetNewer(
      hashKey,
      rows.map((row) => ({ field: row.mmsi, version: Date.parse(row.ts), value: JSON.stringify(row) })),
    );
  }

  /**
   * Every latest position as the JSON text the cache holds, by MMSI, so an answer need not parse
   * each only to serialise it again.
   */
  async byMmsi(): Promise<Record<string, string>> {
    let cached: Record<string, string>;
    try {
      cached = await this.cache.hashGetAll(hashKey);
    } catch {
      // Redis away: the cache is bypassed, PostgreSQL answers alone.
      this.requests.inc({ cache: 'latest_positions', result: 'bypass' });
      return jsonByMmsi(await latestFromDatabase(this.db));
    }
    if (Object.keys(cached).length > 0) {
      this.requests.inc({ cache: 'latest_positions', result: 'hit' });
      return cached;
    }
    this.requests.inc({ cache: 'latest_positions', result: 'miss' });
    const rows = await latestFromDatabase(this.db);
    await this.write(rows).catch(() => undefined);
    return jsonByMmsi(rows);
  }

  /** Loads PostgreSQL's view into the cache at start-up (an in-process cache starts empty). */
  async warm(): Promise<number> {
    const rows = await latestFromDatabase(this.db);
    await this.write(rows);
    return rows.length;
  }
}

const jsonByMmsi = (rows: readonly LatestPosition[]) =>
  Object.fromEntries(rows.map((row) => [row.mmsi, JSON.stringify(row)]));

export interface LatestPage {
  /** Each position's JSON text, in MMSI order. */
  items: string[];
  /** The last MMSI of this page when more follow (the next page's cursor), else null. */
  next: string | null;
}

/**
 * A page of `byMmsi` in MMSI order: at most `limit` positions after the MMSI `after`. Keyset
 * paging: a vessel appearing or moving between two requests shifts no page, so a client walking
 * the pages sees each vessel once. MMSIs are 9 digits, so text order is numeric order.
 */
export function pageOf(byMmsi: Readonly<Record<string, string>>, limit: number, after?: string): LatestPage {
  const keys = Object.keys(byMmsi).sort();
  let start = 0;
  if (after !== undefined) {
    // The first key greater than `after` (binary search).
    let end = keys.length;
    while (start < end) {
      const mid = (start + end) >>> 1;
      if ((keys[mid] as string) <= after) start = mid + 1;
      else end = mid;
    }
  }
  const slice = keys.slice(start, start + limit);
  return {
    items: slice.map((key) => byMmsi[key] as string),
    next: start + limit < keys.length ? (slice.at(-1) ?? null) : null,
  };
}

export interface BoundingBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** minLon > maxLon means the box crosses the antimeridian. */
export function inBox(p: { lat: number; lon: number }, b: BoundingBox): boolean {
  if (p.lat < b.minLat || p.lat > b.maxLat) return false;
  return b.minLon <= b.maxLon
    ? p.lon >= b.minLon && p.lon <= b.maxLon
    : p.lon >= b.minLon || p.lon <= b.maxLon;
}
