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

  async all(): Promise<LatestPosition[]> {
    return (await this.allJson()).map((v) => JSON.parse(v) as LatestPosition);
  }

  /**
   * Every latest position as the JSON text the cache holds, so an answer that sends them all
   * unfiltered need not parse each only to serialise it again.
   */
  async allJson(): Promise<string[]> {
    let cached: Record<string, string>;
    try {
      cached = await this.cache.hashGetAll(hashKey);
    } catch {
      // Redis away: the cache is bypassed, PostgreSQL answers alone.
      this.requests.inc({ cache: 'latest_positions', result: 'bypass' });
      return (await latestFromDatabase(this.db)).map((row) => JSON.stringify(row));
    }
    const values = Object.values(cached);
    if (values.length > 0) {
      this.requests.inc({ cache: 'latest_positions', result: 'hit' });
      return values;
    }
    this.requests.inc({ cache: 'latest_positions', result: 'miss' });
    const rows = await latestFromDatabase(this.db);
    await this.write(rows).catch(() => undefined);
    return rows.map((row) => JSON.stringify(row));
  }

  /** Loads PostgreSQL's view into the cache at start-up (an in-process cache starts empty). */
  async warm(): Promise<number> {
    const rows = await latestFromDatabase(this.db);
    await this.write(rows);
    return rows.length;
  }
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
