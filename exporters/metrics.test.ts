import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exporters } from '../lib/catalog/exporters.ts';
import { createPool, type Pool } from '../lib/db/pool.ts';
import { migrate } from '../lib/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../lib/testing/database.ts';
import { cargoCategories, cargoUnits, staffRoles, vesselTypes } from './domains.ts';
import { type RunningExporter, startExporter } from './server.ts';
import { ago, hence, PortWriter } from './testing/port-writer.ts';
import { parseScrape, type Scrape, scrape } from './testing/scrape.ts';

const H = 3600;
const staleSeconds = 600;
const stallSeconds = 1800;
const standardShift = 8 * H;

let db: TestDatabase;
let pool: Pool;
let exporter: RunningExporter;
let metrics: Scrape;
let port: Awaited<ReturnType<typeof craftPort>>;

/** A small port whose every metric has a value we can work out by hand from the rows. */
async function craftPort(w: PortWriter) {
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

beforeAll(async () => {
  db = await createTestDatabase('exporters_metrics');
  pool = createPool({ connectionString: db.url, applicationName: 'exporters-test' });
  await migrate(pool, { dir: 'api/migrations', table: 'schema_migrations' });
  port = await craftPort(new PortWriter(pool));
  exporter = await startExporter({
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    EXPORTER_AIS_STALE_SECONDS: String(staleSeconds),
    EXPORTER_CARGO_STALL_SECONDS: String(stallSeconds),
    EXPORTER_STANDARD_SHIFT_SECONDS: String(standardShift),
  });
  await exporter.refreshAll();
  metrics = await scrape(exporter.url);
});

afterAll(async () => {
  await exporter?.stop();
  await pool?.end();
  await db?.drop();
});

const now = () => Date.now();
const secondsSince = (d: Date) => (now() - d.getTime()) / 1000;
const sumBy = <T>(items: T[], value: (item: T) => number) => items.reduce((n, item) => n + value(item), 0);

describe('vessel traffic', () => {
  it('counts vessels with an open port call by status and type', () => {
    for (const status of ['expected', 'at_anchorage', 'berthed']) {
      for (const type of vesselTypes) {
        const expected = port.calls.filter(
          (c) =>
            c.status === status && Object.values(port.v).find((v) => v.id === c.vessel_id)?.type === type,
        ).length;
        expect(metrics.value(exporters.vesselsInPort.name, { status, type }), `${status}/${type}`).toBe(
          expected,
        );
      }
    }
  });

  it('reports the anchorage queue and its longest wait', () => {
    const waiting = port.calls.filter((c) => c.status === 'at_anchorage');
    expect(metrics.value(exporters.anchorageQueueLength.name)).toBe(waiting.length);
    const longest = Math.max(...waiting.map((c) => secondsSince(c.arrived_at!)));
    expect(metrics.value(exporters.anchorageLongestWait.name)).toBeCloseTo(longest, -1);
  });

  it('reports berth occupancy per berth and overall', () => {
    const occupied = new Set(port.calls.filter((c) => c.status === 'berthed').map((c) => c.berth_id));
    for (const berth of port.berths) {
      expect(metrics.value(exporters.berthOccupied.name, { berth: berth.code })).toBe(
        occupied.has(berth.id) ? 1 : 0,
      );
    }
    expect(metrics.value(exporters.berthOccupancyRatio.name)).toBeCloseTo(
      occupied.size / port.berths.length,
      9,
    );
  });

  it('reports route status and the vessels scheduled on each route', () => {
    const open = ['expected', 'at_anchorage', 'berthed'];
    for (const route of port.routes) {
      expect(metrics.value(exporters.routeOpen.name, { route: route.code })).toBe(
        route.status === 'open' ? 1 : 0,
      );
      const scheduled = port.calls.filter(
        (c) => open.includes(c.status) && (c.entry_route_id === route.id || c.exit_route_id === route.id),
      ).length;
      expect(metrics.value(exporters.routeScheduledVessels.name, { route: route.code })).toBe(scheduled);
    }
  });

  it('averages the turnaround of port calls that departed in the last 24 h', () => {
    const recent = port.calls.filter((c) => c.departed_at && secondsSince(c.departed_at) < 24 * H);
    const average =
      sumBy(recent, (c) => (c.departed_at!.getTime() - c.arrived_at!.getTime()) / 1000) / recent.length;
    expect(recent.length).toBe(2);
    expect(metrics.value(exporters.turnaroundAverage.name)).toBeCloseTo(average, 3);
  });

  it('derives arrivals and departures by vessel type from the events', () => {
    const typeOfCall = (callId: number) => {
      const call = port.calls.find((c) => c.id === callId)!;
      return Object.values(port.v).find((v) => v.id === call.vessel_id)!.type;
    };
    for (const type of vesselTypes) {
      const count = (kind: string) =>
        port.events.filter((e) => e.type === kind && typeOfCall(e.port_call_id) === type).length;
      expect(metrics.value(exporters.arrivals.name, { type }), type).toBe(count('arrived'));
      expect(metrics.value(exporters.departures.name, { type }), type).toBe(count('departed'));
    }
  });

  it('reports AIS freshness and the vessels in port with a stale position', () => {
    expect(metrics.value(exporters.newestPositionAge.name)).toBeCloseTo(42, -1);
    const inPort = port.calls.filter((c) => c.status === 'at_anchorage' || c.status === 'berthed');
    const latest: Record<number, number> = { [port.v.box1.id]: 60, [port.v.box2.id]: 1200 };
    const stale = inPort.filter((c) => (latest[c.vessel_id] ?? Infinity) > staleSeconds).length;
    expect(stale).toBe(2);
    expect(metrics.value(exporters.vesselsStalePosition.name)).toBe(stale);
  });
});

describe('cargo', () => {
  const active = () => port.ops.filter((o) => ['planned', 'in_progress', 'stalled'].includes(o.status));
  const idleSince = (o: (typeof port.ops)[number]) => o.last_progress_at ?? o.started_at;
  const stalled = () =>
    active().filter(
      (o) =>
        o.status !== 'planned' && idleSince(o) !== undefined && secondsSince(idleSince(o)!) > stallSeconds,
    );

  it('counts active operations by status and category', () => {
    for (const status of ['planned', 'in_progress', 'stalled']) {
      for (const category of cargoCategories) {
        const expected = port.ops.filter((o) => o.status === status && o.category === category).length;
        expect(metrics.value(exporters.cargoOperations.name, { status, category })).toBe(expected);
      }
    }
  });

  it('reports stalled operations and the oldest stall', () => {
    expect(stalled().length).toBe(2);
    expect(metrics.value(exporters.cargoStalled.name)).toBe(stalled().length);
    const oldest = Math.max(...stalled().map((o) => secondsSince(idleSince(o)!)));
    expect(metrics.value(exporters.cargoStalledOldestAge.name)).toBeCloseTo(oldest, -1);
  });

  it('reports the queued quantity by category and unit', () => {
    for (const category of cargoCategories) {
      for (const unit of cargoUnits) {
        const expected = sumBy(
          active().filter((o) => o.category === category && o.unit === unit),
          (o) => o.quantity - o.quantity_done,
        );
        expect(metrics.value(exporters.cargoQueued.name, { category, unit })).toBeCloseTo(expected, 6);
      }
    }
  });

  it('derives cargo handled by category and unit from the progress rows', () => {
    for (const category of cargoCategories) {
      for (const unit of cargoUnits) {
        const expected = sumBy(
          port.progress.filter((p) => {
            const op = port.ops.find((o) => o.id === p.cargo_operation_id)!;
            return op.category === category && op.unit === unit;
          }),
          (p) => p.quantity_delta,
        );
        expect(metrics.value(exporters.cargoThroughput.name, { category, unit }), `${category}/${unit}`).toBe(
          expected,
        );
      }
    }
  });
});

describe('staffing', () => {
  const current = () =>
    port.shifts.filter((s) => s.starts_at.getTime() <= now() && s.ends_at.getTime() > now());
  const staffById = (id: number) => Object.values(port.staff).find((s) => s.id === id)!;

  it('reports rostered, required and assigned staff per role and the coverage', () => {
    const shifts = current();
    expect(shifts.length).toBe(1);
    const shift = shifts[0]!;
    for (const role of staffRoles) {
      const rostered = shift.staff.map(staffById).filter((s) => s.active && s.role === role).length;
      const required = shift.requirements[role] ?? 0;
      const assigned = new Set(
        port.assignments
          .filter((a) => a.starts_at < shift.ends_at && a.ends_at > shift.starts_at)
          .map((a) => staffById(a.staff_id))
          .filter((s) => s.active && s.role === role),
      ).size;
      expect(metrics.value(exporters.staffOnShift.name, { role }), role).toBe(rostered);
      expect(metrics.value(exporters.staffRequired.name, { role }), role).toBe(required);
      expect(metrics.value(exporters.staffAssigned.name, { role }), role).toBe(assigned);
      expect(metrics.value(exporters.staffCoverage.name, { role }), role).toBeCloseTo(
        required ? rostered / required : 1,
        9,
      );
    }
  });

  it('counts active operations nobody is assigned to', () => {
    const active = port.ops.filter((o) => ['planned', 'in_progress', 'stalled'].includes(o.status));
    const unstaffed = active.filter(
      (o) => !port.assignments.some((a) => a.cargo_operation_id === o.id && a.ends_at.getTime() > now()),
    );
    expect(unstaffed.length).toBe(1);
    expect(metrics.value(exporters.operationsUnstaffed.name)).toBe(unstaffed.length);
  });

  it('reports overtime: rostered time per person and UTC day beyond the standard shift, last 7 days', () => {
    const perPersonDay = new Map<string, { role: string; seconds: number }>();
    for (const shift of port.shifts) {
      if (shift.starts_at.getTime() > now() || secondsSince(shift.starts_at) > 7 * 24 * H) continue;
      for (const id of shift.staff) {
        const key = `${id}/${shift.starts_at.toISOString().slice(0, 10)}`;
        const entry = perPersonDay.get(key) ?? { role: staffById(id).role, seconds: 0 };
        entry.seconds += (shift.ends_at.getTime() - shift.starts_at.getTime()) / 1000;
        perPersonDay.set(key, entry);
      }
    }
    for (const role of staffRoles) {
      const expected = sumBy(
        [...perPersonDay.values()].filter((e) => e.role === role),
        (e) => Math.max(0, e.seconds - standardShift),
      );
      expect(metrics.value(exporters.staffOvertime.name, { role }), role).toBeCloseTo(expected, 3);
    }
    expect(metrics.value(exporters.staffOvertime.name, { role: 'stevedore' })).toBeGreaterThan(0);
  });
});

describe('the exposition', () => {
  it('publishes every exporter metric of the catalog, with how often it refreshes in HELP', () => {
    for (const def of Object.values(exporters)) {
      expect(metrics.text, def.name).toContain(`# TYPE ${def.name} ${def.type}`);
      expect(metrics.help(def.name), def.name).toMatch(/Refreshed every \d+ s|Updated by each refresh/);
    }
    expect(metrics.help(exporters.vesselsInPort.name)).toContain(
      'Refreshed every 15 s by the vessel-traffic collector',
    );
  });

  it('reports healthy self metrics for every collector', () => {
    expect(metrics.value(exporters.databaseUp.name)).toBe(1);
    const collectors = metrics.series(exporters.lastRefreshSuccess.name);
    expect(collectors.map((s) => s.labels.collector).sort()).toEqual([
      'ais-feed',
      'cargo-operations',
      'cargo-throughput',
      'staffing',
      'vessel-movements',
      'vessel-traffic',
    ]);
    for (const s of collectors) expect(now() / 1000 - s.value).toBeLessThan(60);
    for (const s of metrics.series(exporters.refreshErrors.name)) expect(s.value).toBe(0);
    // Within the settle window every refresh of cargo-throughput reads all its progress rows again.
    const scanned = metrics.value(exporters.rowsScanned.name, { collector: 'cargo-throughput' });
    expect(scanned).toBeGreaterThanOrEqual(port.progress.length);
    expect(scanned % port.progress.length).toBe(0);
  });

  it('keeps labels to bounded sets: no ids, names or MMSIs', () => {
    const allowed: Record<string, Set<string>> = {
      type: new Set(vesselTypes),
      category: new Set(cargoCategories),
      unit: new Set(cargoUnits),
      role: new Set(staffRoles),
      status: new Set(['expected', 'at_anchorage', 'berthed', 'planned', 'in_progress', 'stalled']),
      berth: new Set(port.berths.map((b) => b.code)),
      route: new Set(port.routes.map((r) => r.code)),
      collector: new Set(metrics.series(exporters.lastRefreshSuccess.name).map((s) => s.labels.collector!)),
    };
    for (const def of Object.values(exporters)) {
      for (const series of metrics.series(def.name)) {
        for (const [label, value] of Object.entries(series.labels)) {
          expect(allowed[label]?.has(value), `${def.name}{${label}="${value}"}`).toBe(true);
        }
      }
    }
  });

  it('passes promtool check metrics', async () => {
    const promtool = process.env.PROMTOOL ?? '/usr/bin/promtool';
    const child = promisify(execFile)(promtool, ['check', 'metrics']);
    child.child.stdin?.end(metrics.text);
    const { stdout, stderr } = await child;
    expect(`${stdout}${stderr}`.trim()).toBe('');
  });

  it('answers scrapes from the cache while the database is busy elsewhere', async () => {
    // Hold an exclusive lock on a table every collector reads: a scrape must not notice.
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('LOCK TABLE port_calls IN ACCESS EXCLUSIVE MODE');
      const started = performance.now();
      const again = parseScrape(await (await fetch(`${exporter.url}/metrics`)).text());
      expect(performance.now() - started).toBeLessThan(1000);
      expect(again.value(exporters.anchorageQueueLength.name)).toBe(
        metrics.value(exporters.anchorageQueueLength.name),
      );
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
