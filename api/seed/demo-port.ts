import type pg from 'pg';
import { bulkInsert, reserveIds } from './bulk-insert.ts';
import { lastProgressAt, quantityDone } from './cargo.ts';
import { eventsOf, lastChange } from './port-calls.ts';
import { latestPositions } from './positions.ts';
import { berthSites, routeSites } from './port-geography.ts';
import { planDemoPort } from './plan.ts';

export interface SeedOptions {
  /** Fleet size (default 160). */
  vessels?: number;
  log?: (message: string) => void;
  /** The instant the port's traffic is anchored to (default: the current time). */
  now?: Date;
  /** PRNG seed (default: a fixed one, so every demo port looks the same). */
  seed?: number;
}

export interface SeedSummary {
  /** False when vessels already existed and nothing was written. */
  seeded: boolean;
  vessels: number;
  berths: number;
  routes: number;
  staff: number;
  shifts: number;
  portCalls: number;
  portCallEvents: number;
  cargoOperations: number;
  cargoProgress: number;
  assignments: number;
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

    const vesselIds = await reserveIds(client, 'vessels', plan.vessels.length);
    await bulkInsert(
      client,
      'vessels',
      [
        ['id', 'int8'],
        ['imo', 'text'],
        ['mmsi', 'text'],
        ['name', 'text'],
        ['type', 'text'],
        ['flag', 'text'],
        ['gross_tonnage', 'int4'],
        ['length_m', 'numeric'],
        ['status', 'text'],
      ],
      plan.vessels.map((v, i) => [
        vesselIds[i],
        v.imo,
        v.mmsi,
        v.name,
        v.type,
        v.flag,
        v.grossTonnage,
        v.lengthM,
        v.status,
      ]),
    );
    const berthIds = await reserveIds(client, 'berths', berthSites.length);
    await bulkInsert(
      client,
      'berths',
      [
        ['id', 'int8'],
        ['code', 'text'],
        ['name', 'text'],
        ['max_length_m', 'numeric'],
      ],
      berthSites.map((b, i) => [berthIds[i], b.code, b.name, b.maxLengthM]),
    );
    const routeIds = await reserveIds(client, 'routes', routeSites.length);
    await bulkInsert(
      client,
      'routes',
      [
        ['id', 'int8'],
        ['code', 'text'],
        ['name', 'text'],
        ['direction', 'text'],
        ['waypoints', 'jsonb'],
        ['status', 'text'],
      ],
      routeSites.map((r, i) => [
        routeIds[i],
        r.code,
        r.name,
        r.direction,
        JSON.stringify({ type: 'LineString', coordinates: r.coordinates }),
        r.status,
      ]),
    );
    log('demo port: vessels, berths and routes written');

    const staffIds = await reserveIds(client, 'staff', plan.staff.length);
    await bulkInsert(
      client,
      'staff',
      [
        ['id', 'int8'],
        ['employee_no', 'text'],
        ['name', 'text'],
        ['role', 'text'],
        ['active', 'bool'],
      ],
      plan.staff.map((s, i) => [staffIds[i], s.employeeNo, s.name, s.role, s.active]),
    );
    const shiftIds = await reserveIds(client, 'shifts', plan.shifts.length);
    await bulkInsert(
      client,
      'shifts',
      [
        ['id', 'int8'],
        ['name', 'text'],
        ['starts_at', 'timestamptz'],
        ['ends_at', 'timestamptz'],
      ],
      plan.shifts.map((s, i) => [shiftIds[i], s.name, s.startsAt, s.endsAt]),
    );
    await bulkInsert(
      client,
      'shift_requirements',
      [
        ['shift_id', 'int8'],
        ['role', 'text'],
        ['required', 'int4'],
      ],
      plan.shifts.flatMap((s, i) =>
        Object.entries(s.requirements).map(([role, n]) => [shiftIds[i], role, n]),
      ),
    );
    await bulkInsert(
      client,
      'shift_staff',
      [
        ['shift_id', 'int8'],
        ['staff_id', 'int8'],
      ],
      plan.shifts.flatMap((s, i) => s.roster.map((person) => [shiftIds[i], staffIds[person]])),
    );
    log('demo port: staff and shift rosters written');

    const callIds = await reserveIds(client, 'port_calls', plan.calls.length);
    const ref = (ids: number[], index: number | null) => (index === null ? null : ids[index]);
    await bulkInsert(
      client,
      'port_calls',
      [
        ['id', 'int8'],
        ['vessel_id', 'int8'],
        ['status', 'text'],
        ['eta', 'timestamptz'],
        ['berth_id', 'int8'],
        ['entry_route_id', 'int8'],
        ['exit_route_id', 'int8'],
        ['arrived_at', 'timestamptz'],
        ['berthed_at', 'timestamptz'],
        ['departed_at', 'timestamptz'],
        ['cancelled_at', 'timestamptz'],
        ['created_at', 'timestamptz'],
        ['updated_at', 'timestamptz'],
      ],
      plan.calls.map((c, i) => {
        const created = new Date(
          Math.min(c.eta.getTime(), c.arrivedAt?.getTime() ?? Infinity) - 3 * 86_400_000,
        );
        return [
          callIds[i],
          vesselIds[c.vessel],
          c.status,
          c.eta,
          ref(berthIds, c.berth),
          routeIds[c.entryRoute],
          routeIds[c.exitRoute],
          c.arrivedAt,
          c.berthedAt,
          c.departedAt,
          c.cancelledAt,
          created,
          lastChange(c),
        ];
      }),
    );
    const events = plan.calls.flatMap((c, i) =>
      eventsOf(c).map((e) => [
        callIds[i],
        e.type,
        e.at,
        ref(berthIds, e.berth),
        ref(routeIds, e.route),
        e.at,
      ]),
    );
    // Events go in chronological order, so their ids follow the history (counters read them by id).
    events.sort((a, b) => (a[2] as Date).getTime() - (b[2] as Date).getTime());
    await bulkInsert(
      client,
      'port_call_events',
      [
        ['port_call_id', 'int8'],
        ['type', 'text'],
        ['at', 'timestamptz'],
        ['berth_id', 'int8'],
        ['route_id', 'int8'],
        ['created_at', 'timestamptz'],
      ],
      events,
    );
    log(`demo port: ${plan.calls.length} port calls and ${events.length} events written`);

    const cargoIds = await reserveIds(client, 'cargo_operations', plan.cargo.length);
    await bulkInsert(
      client,
      'cargo_operations',
      [
        ['id', 'int8'],
        ['port_call_id', 'int8'],
        ['direction', 'text'],
        ['category', 'text'],
        ['unit', 'text'],
        ['quantity', 'numeric'],
        ['quantity_done', 'numeric'],
        ['status', 'text'],
        ['started_at', 'timestamptz'],
        ['completed_at', 'timestamptz'],
        ['last_progress_at', 'timestamptz'],
      ],
      plan.cargo.map((op, i) => [
        cargoIds[i],
        callIds[op.call],
        op.direction,
        op.category,
        op.unit,
        op.quantity,
        quantityDone(op),
        op.status,
        op.startedAt,
        op.completedAt,
        lastProgressAt(op),
      ]),
    );
    const progress = plan.cargo.flatMap((op, i) =>
      op.progress.map((p) => [cargoIds[i], p.delta, p.at, p.at]),
    );
    progress.sort((a, b) => (a[2] as Date).getTime() - (b[2] as Date).getTime());
    await bulkInsert(
      client,
      'cargo_progress',
      [
        ['cargo_operation_id', 'int8'],
        ['quantity_delta', 'numeric'],
        ['at', 'timestamptz'],
        ['created_at', 'timestamptz'],
      ],
      progress,
    );
    await bulkInsert(
      client,
      'assignments',
      [
        ['staff_id', 'int8'],
        ['port_call_id', 'int8'],
        ['cargo_operation_id', 'int8'],
        ['starts_at', 'timestamptz'],
        ['ends_at', 'timestamptz'],
      ],
      plan.assignments.map((a) => [
        staffIds[a.staff],
        callIds[a.call],
        ref(cargoIds, a.cargoOperation),
        a.startsAt,
        a.endsAt,
      ]),
    );
    log(
      `demo port: ${plan.cargo.length} cargo operations, ${progress.length} progress updates, ${plan.assignments.length} assignments written`,
    );

    const positionColumns = [
      ['vessel_id', 'int8'],
      ['mmsi', 'text'],
      ['ts', 'timestamptz'],
      ['lat', 'float8'],
      ['lon', 'float8'],
      ['sog', 'float8'],
      ['cog', 'float8'],
      ['heading', 'int4'],
      ['nav_status', 'int4'],
      ['received_at', 'timestamptz'],
    ] as const;
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
      berths: berthSites.length,
      routes: routeSites.length,
      staff: plan.staff.length,
      shifts: plan.shifts.length,
      portCalls: plan.calls.length,
      portCallEvents: events.length,
      cargoOperations: plan.cargo.length,
      cargoProgress: progress.length,
      assignments: plan.assignments.length,
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
