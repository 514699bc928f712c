import type pg from 'pg';
import { bulkInsert } from './bulk-insert.ts';
import { latestPositions, positionColumns } from './positions.ts';
import { planDemoPort } from './plan.ts';
import { type PortCounts, writePort } from './write-port.ts';

export interface SeedOptions {
  /** Fleet size (default 160). */
  vessels?: number;
  log?: (message: string) => void;
  /** The instant the port's traffic is anchored to (default: the current time). */
  now?: Date;
  /** PRNG seed (default: a fixed one, so every demo port looks the same). */
  seed?: number;
}

export interface SeedSummary extends PortCounts {
  /** False when vessels already existed and nothing was written. */
  seeded: boolean;
  vessels: number;
  positions: number;
  latestPositions: number;
  durationMs: number;
}

const seedLockKey = 0x5eed_9047;

/**
 * Writes the demo port into an empty PortTrack database (schema 0001) in one transaction.
 * Idempotent: when any vessel exists it does nothing. Concurrent callers (replicas starting
 * together) serialise on an advisory lock, and the loser finds the vessels already there.
 */
export async function seedDemoPort(pool: pg.Pool, options: SeedOptions = {}): Promise<SeedSummary> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [seedLockKey]);
    const existing = await client.query('SELECT 1 FROM vessels LIMIT 1');
    if (existing.rowCount) {
      await client.query('ROLLBACK');
      log('demo port: vessels already present, seed skipped');
      return { ...emptySummary(), durationMs: Date.now() - started };
    }
    const now = options.now ?? new Date();
    const plan = planDemoPort({
      now,
      ...(options.vessels ? { vessels: options.vessels } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    });
    log(
      `demo port: planned ${plan.vessels.length} vessels, ${plan.calls.length} port calls, ${plan.positions.length} positions`,
    );

    const written = await writePort(client, plan, { log: (m) => log(`demo port: ${m}`) });
    const { vesselIds } = written;

    const positionRow = (p: (typeof plan.positions)[number]) => [
      vesselIds[p.vessel],
      plan.vessels[p.vessel]?.mmsi,
      p.ts,
      p.lat,
      p.lon,
      p.sog,
      p.cog,
      p.heading,
      p.navStatus,
      p.ts,
    ];
    await bulkInsert(client, 'positions', positionColumns, plan.positions.map(positionRow));
    const latest = latestPositions(plan.positions);
    await bulkInsert(client, 'vessel_latest_positions', positionColumns, latest.map(positionRow));
    await client.query('COMMIT');

    const summary: SeedSummary = {
      seeded: true,
      vessels: plan.vessels.length,
      ...written.counts,
      positions: plan.positions.length,
      latestPositions: latest.length,
      durationMs: Date.now() - started,
    };
    log(`demo port: seeded in ${summary.durationMs} ms`);
    return summary;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new Error(
      `demo port seed failed and was rolled back: ${(err as Error).message}. Check that migrations ran (api/migrations) on this database.`,
      { cause: err },
    );
  } finally {
    client.release();
  }
}

function emptySummary(): Omit<SeedSummary, 'durationMs'> {
  return {
    seeded: false,
    vessels: 0,
    berths: 0,
    routes: 0,
    staff: 0,
    shifts: 0,
    portCalls: 0,
    portCallEvents: 0,
    cargoOperations: 0,
    cargoProgress: 0,
    assignments: 0,
    positions: 0,
    latestPositions: 0,
  };
}
