import { createPool, type Pool } from '../../lib/db/pool.ts';
import { migrate } from '../../lib/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../lib/testing/database.ts';
import { type RunningExporter, startExporter } from '../server.ts';
import { ago, hence, PortWriter } from './port-writer.ts';
import { type Scrape, scrape } from './scrape.ts';

export const H = 3600;
export const staleSeconds = 600;
export const stallSeconds = 1800;
export const standardShift = 8 * H;

/** A small port whose every metric has a value we can work out by hand from the rows. */
export async function craftPort(w: PortWriter) {
  const v = {
    box1: await w.vessel('container'),
    box2: await w.vessel('container'),
    bulk: await w.vessel('bulk'),
    tanker: await w.vessel('tanker'),
    ferry: await w.vessel('passenger'),
    tug: await w.vessel('tug'),
  };
  const berths = [await w.berth('B1'), await w.berth('B2'), await w.berth('B3')];
  const north = await w.route('R-NORTH', 'open');
  const south = await w.route('R-SOUTH', 'closed');
  const calls = [
    await w.portCall({
      vessel_id: v.box1.id,
      status: 'berthed',
      berth_id: berths[0]!.id,
      entry_route_id: north.id,
      arrived_at: ago(5 * H),
    }),
    await w.portCall({
      vessel_id: v.box2.id,
      status: 'at_anchorage',
      entry_route_id: north.id,
      exit_route_id: south.id,
      arrived_at: ago(2 * H),
    }),
    await w.portCall({ vessel_id: v.bulk.id, status: 'at_anchorage', arrived_at: ago(1800) }),
    await w.portCall({ vessel_id: v.tanker.id, status: 'expected', entry_route_id: south.id }),
    await w.portCall({
      vessel_id: v.ferry.id,
      status: 'departed',
      arrived_at: ago(10 * H),
      departed_at: ago(3 * H),
    }),
    await w.portCall({
      vessel_id: v.tug.id,
      status: 'departed',
      arrived_at: ago(40 * H),
      departed_at: ago(30 * H),
    }),
    await w.portCall({
      vessel_id: v.ferry.id,
      status: 'departed',
      arrived_at: ago(4 * H),
      departed_at: ago(1 * H),
    }),
    await w.portCall({ vessel_id: v.tug.id, status: 'cancelled' }),
  ];
  const [c1, c2, c3, , c5, c6, c7, c8] = calls;
  const events = [];
  for (const c of [c1, c2, c3, c5, c6, c7])
    events.push(await w.event({ port_call_id: c!.id, type: 'arrived', at: c!.arrived_at! }));
  for (const c of [c1, c5, c6, c7])
    events.push(await w.event({ port_call_id: c!.id, type: 'berthed', at: ago(H) }));
  for (const c of [c5, c6, c7])
    events.push(await w.event({ port_call_id: c!.id, type: 'departed', at: c!.departed_at! }));
  events.push(await w.event({ port_call_id: c8!.id, type: 'cancelled', at: ago(H) }));

  await w.position({ vessel_id: v.box1.id, mmsi: v.box1.mmsi, ts: ago(300), received_at: ago(300) });
  await w.position({ vessel_id: v.box1.id, mmsi: v.box1.mmsi, ts: ago(60), received_at: ago(42) });
  await w.position({ vessel_id: v.box2.id, mmsi: v.box2.mmsi, ts: ago(1200), received_at: ago(1200) });
  // The probes' vessel reported a second ago: the freshest position, which no metric may count.
  const probe = await w.syntheticVessel();
  await w.position({ vessel_id: probe.id, mmsi: probe.mmsi, ts: ago(1), received_at: ago(1) });

  const ops = [
    await w.cargo({
      port_call_id: c1!.id,
      category: 'containers',
      unit: 'teu',
      quantity: 100,
      quantity_done: 40,
      status: 'in_progress',
      last_progress_at: ago(600),
    }),
    await w.cargo({
      port_call_id: c1!.id,
      category: 'dry_bulk',
      unit: 'tonnes',
      quantity: 500,
      quantity_done: 100,
      status: 'in_progress',
      last_progress_at: ago(2 * H),
    }),
    await w.cargo({
      port_call_id: c1!.id,
      category: 'containers',
      unit: 'teu',
      quantity: 50,
      quantity_done: 0,
      status: 'planned',
    }),
    await w.cargo({
      port_call_id: c2!.id,
      category: 'liquid_bulk',
      unit: 'tonnes',
      quantity: 1000,
      quantity_done: 0,
      status: 'stalled',
      started_at: ago(2700),
    }),
    await w.cargo({
      port_call_id: c5!.id,
      category: 'vehicles',
      unit: 'units',
      quantity: 30,
      quantity_done: 30,
      status: 'completed',
    }),
    await w.cargo({
      port_call_id: c5!.id,
      category: 'containers',
      unit: 'teu',
      quantity: 20,
      quantity_done: 5,
      status: 'cancelled',
    }),
  ];
  const [o1, o2, o3, o4, o5, o6] = ops;
  const progress = [];
  for (const [op, delta] of [
    [o1, 15.25],
    [o1, 24.75],
    [o2, 100],
    [o5, 10],
    [o5, 20],
    [o6, 5],
  ] as const) {
    progress.push(await w.progress({ cargo_operation_id: op!.id, quantity_delta: delta }));
  }

  const staff = {
    pilot1: await w.staff('pilot'),
    pilot2: await w.staff('pilot'),
    steve1: await w.staff('stevedore'),
    steve2: await w.staff('stevedore'),
    steve3: await w.staff('stevedore'),
    crane: await w.staff('crane_operator'),
    gone: await w.staff('inspector', false),
  };
  const shifts = [
    await w.shift({
      starts_at: ago(2 * H),
      ends_at: hence(6 * H),
      requirements: { pilot: 2, stevedore: 4, crane_operator: 1, coordinator: 1 },
      staff: [
        staff.pilot1.id,
        staff.pilot2.id,
        staff.steve1.id,
        staff.steve2.id,
        staff.crane.id,
        staff.gone.id,
      ],
    }),
    await w.shift({
      starts_at: ago(26 * H),
      ends_at: ago(16 * H),
      staff: [staff.steve3.id, staff.pilot1.id],
    }),
    await w.shift({ starts_at: ago(15 * H), ends_at: ago(11 * H), staff: [staff.steve3.id] }),
    await w.shift({
      starts_at: hence(6 * H),
      ends_at: hence(14 * H),
      requirements: { pilot: 5 },
      staff: [staff.steve3.id],
    }),
    await w.shift({
      starts_at: ago(8 * 24 * H),
      ends_at: ago(8 * 24 * H - 12 * H),
      staff: [staff.pilot2.id],
    }),
  ];
  const assignments = [
    await w.assignment({
      staff_id: staff.pilot1.id,
      port_call_id: c1!.id,
      cargo_operation_id: o1!.id,
      starts_at: ago(H),
      ends_at: hence(H),
    }),
    await w.assignment({
      staff_id: staff.steve1.id,
      port_call_id: c1!.id,
      cargo_operation_id: o2!.id,
      starts_at: ago(1800),
      ends_at: hence(3 * H),
    }),
    await w.assignment({
      staff_id: staff.steve3.id,
      port_call_id: c2!.id,
      cargo_operation_id: o4!.id,
      starts_at: ago(20 * H),
      ends_at: ago(18 * H),
    }),
    await w.assignment({
      staff_id: staff.crane.id,
      port_call_id: c1!.id,
      cargo_operation_id: o3!.id,
      starts_at: hence(7 * H),
      ends_at: hence(9 * H),
    }),
  ];
  return { v, berths, routes: [north, south], calls, events, ops, progress, staff, shifts, assignments };
}

export type CraftedPort = Awaited<ReturnType<typeof craftPort>>;

export interface CraftedPortRun {
  port: CraftedPort;
  metrics: Scrape;
  exporter: RunningExporter;
  pool: Pool;
  stop(): Promise<void>;
}

/** A fresh database holding the crafted port, an exporter refreshed over it, and its first scrape. */
export async function runOnCraftedPort(name: string): Promise<CraftedPortRun> {
  const db: TestDatabase = await createTestDatabase(name);
  const pool = createPool({ connectionString: db.url, applicationName: 'exporters-test' });
  await migrate(pool, { dir: 'api/migrations', table: 'schema_migrations' });
  const port = await craftPort(new PortWriter(pool));
  const exporter = await startExporter({
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    EXPORTER_AIS_STALE_SECONDS: String(staleSeconds),
    EXPORTER_CARGO_STALL_SECONDS: String(stallSeconds),
    EXPORTER_STANDARD_SHIFT_SECONDS: String(standardShift),
  });
  await exporter.refreshAll();
  const metrics = await scrape(exporter.url);
  return {
    port,
    metrics,
    exporter,
    pool,
    async stop() {
      await exporter.stop();
      await pool.end();
      await db.drop();
    },
  };
}

export const secondsSince = (d: Date) => (Date.now() - d.getTime()) / 1000;
export const sumBy = <T>(items: T[], value: (item: T) => number) =>
  items.reduce((n, item) => n + value(item), 0);
