import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../lib/db/pool.ts';
import { createTestDatabase, type TestDatabase } from '../../lib/testing/database.ts';
import { startApi, type ApiService } from '../server.ts';
import { startSimulator, type Simulator, type TickReport } from './simulator.ts';

// The real thing: the API on a fresh PostgreSQL database and the machine's Redis, seeded with
// the demo port, driven by the simulator over HTTP; the database shows what changed.
const password = 'simulator-test-password';
let db: TestDatabase;
let pool: Pool;
let api: ApiService;
let simulator: Simulator | undefined;

beforeAll(async () => {
  db = await createTestDatabase('simulator');
  api = await startApi({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: db.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `${db.name}:`,
    PORTTRACK_DEMO_PASSWORD: password,
    PORTTRACK_FAULT_INJECTION: 'true',
    LOG_LEVEL: 'error',
  });
  pool = createPool({ connectionString: db.url, applicationName: 'simulator-test', max: 2 });
});

afterAll(async () => {
  await simulator?.stop();
  await api?.stop();
  await pool?.end();
  await db?.drop();
});

const count = async (sql: string) => Number((await pool.query<{ n: number }>(sql)).rows[0]?.n);
const snapshot = async () => ({
  positions: await count('SELECT count(*) n FROM positions'),
  newestPosition: await count('SELECT extract(epoch FROM max(ts)) n FROM vessel_latest_positions'),
  events: await count('SELECT count(*) n FROM port_call_events'),
  arrivals: await count(`SELECT count(*) n FROM port_call_events WHERE type = 'arrived'`),
  berthings: await count(`SELECT count(*) n FROM port_call_events WHERE type = 'berthed'`),
  departures: await count(`SELECT count(*) n FROM port_call_events WHERE type = 'departed'`),
  progress: await count('SELECT count(*) n FROM cargo_progress'),
  handled: await count('SELECT coalesce(sum(quantity_done), 0) n FROM cargo_operations'),
  calls: await count('SELECT count(*) n FROM port_calls'),
  rostered: await count('SELECT count(*) n FROM shift_staff'),
  assignments: await count('SELECT count(*) n FROM assignments'),
  // People the shift running now still lacks, over all roles (the seed leaves it short).
  shortOnCurrentShift: await count(
    `SELECT coalesce(sum(greatest(r.required - (SELECT count(*) FROM shift_staff ss JOIN staff p ON p.id = ss.staff_id
                                                WHERE ss.shift_id = s.id AND p.role = r.role AND p.active), 0)), 0) n
       FROM shifts s JOIN shift_requirements r ON r.shift_id = s.id
      WHERE s.starts_at <= now() AND s.ends_at > now()`,
  ),
});

describe('simulator against the real API', () => {
  it('moves positions, port calls, cargo and rosters in the database', async () => {
    expect(api.startup.seeded).toBe(true);
    const before = await snapshot();
    const logs: string[] = [];
    simulator = await startSimulator({
      apiUrl: api.url,
      password,
      tickMs: 3_600_000, // ticks are driven by hand below
      timeScale: 2_000, // an approach completes within a tick or two
      seed: 3,
      settings: {
        berthPerMinute: 1,
        departPerMinute: 1,
        targetExpected: 30,
        minAnchorageMs: 0,
        maxAnchorage: 50,
        minBerthedMs: 0,
        // Ticks here are a fraction of a second apart: 20-40 times the quantity per minute.
        progressSharePerMinute: [20, 40],
        routeTogglePerMinute: 1,
      },
      failedLoginEveryTicks: 2,
      log: (m) => logs.push(m),
    });
    const reports: TickReport[] = [];
    for (let i = 0; i < 6; i++) {
      reports.push(await simulator.tick());
      await new Promise((r) => setTimeout(r, 150)); // let simulated time pass between ticks
    }
    const after = await snapshot();
    const totals = simulator.totals();

    expect(totals.failures, logs.join('\n')).toBe(0);
    expect(after.positions).toBeGreaterThan(before.positions);
    expect(after.positions - before.positions).toBe(totals.positions);
    expect(after.newestPosition).toBeGreaterThan(before.newestPosition);
    expect(after.arrivals).toBeGreaterThan(before.arrivals);
    expect(after.berthings).toBeGreaterThan(before.berthings);
    expect(after.departures).toBeGreaterThan(before.departures);
    expect(after.events - before.events).toBe(
      totals.arrived + totals.berthed + totals.departed + totals.cancelled,
    );
    expect(after.progress - before.progress).toBe(totals.progress);
    expect(after.handled).toBeGreaterThan(before.handled);
    expect(after.calls - before.calls).toBe(totals.newCalls);
    expect(after.rostered).toBeGreaterThan(before.rostered);
    // A well-run port (no scenario) calls people in until the current shift meets its requirements.
    expect(before.shortOnCurrentShift).toBeGreaterThan(0);
    expect(after.shortOnCurrentShift).toBe(0);
    expect(totals.assignments).toBeGreaterThan(0);
    expect(after.assignments - before.assignments).toBe(totals.assignments);
    expect(totals.failedLogins).toBeGreaterThanOrEqual(3);
    // The dredging channel (closed in the seed) opened and closed once per tick: six times, closed again.
    expect(totals.routeChanges).toBe(6);
    expect((await pool.query(`SELECT status FROM routes WHERE code = 'NTH-C'`)).rows).toEqual([
      { status: 'closed' },
    ]);
    // The API's own invariants still hold after the simulator's writes.
    expect(
      await count(`SELECT count(*) - count(DISTINCT berth_id) n FROM port_calls WHERE status = 'berthed'`),
    ).toBe(0);
    // Six ticks of real HTTP and SQL: about 10 s on two cores, three times that when they are shared.
  }, 90_000);

  it('holds vessels at anchorage for the drills', async () => {
    if (!simulator) throw new Error('the first test starts the simulator');
    simulator.holdAtAnchorage(4);
    await simulator.tick();
    await simulator.tick();
    const longest = await count(`SELECT min(arrived_at) n FROM port_calls WHERE status = 'at_anchorage'`);
    const anchored = await count(`SELECT count(*) n FROM port_calls WHERE status = 'at_anchorage'`);
    expect(anchored).toBeGreaterThanOrEqual(4);
    const held = (
      await pool.query<{ id: number }>(
        `SELECT id FROM port_calls WHERE status = 'at_anchorage' ORDER BY arrived_at, id LIMIT 4`,
      )
    ).rows.map((r) => r.id);
    await simulator.tick();
    await simulator.tick();
    const stillThere = await count(
      `SELECT count(*) n FROM port_calls WHERE status = 'at_anchorage' AND id IN (${held.map(Number).join(',')})`,
    );
    expect(stillThere).toBe(4);
    expect(await count(`SELECT min(arrived_at) n FROM port_calls WHERE status = 'at_anchorage'`)).toBe(
      longest,
    );
  });

  it('switches named fault scenarios on and off explicitly', async () => {
    if (!simulator) throw new Error('the first test starts the simulator');
    const faults = async () =>
      (await (await fetch(`${api.url}/internal/faults`)).json()) as { error_rate: number };
    expect(simulator.activeScenarios()).toEqual([]);
    expect((await simulator.tick()).positions).toBeGreaterThan(0);

    await simulator.setScenario('ais-silence', true);
    expect(simulator.activeScenarios()).toEqual(['ais-silence']);
    const newest = (await snapshot()).newestPosition;
    expect((await simulator.tick()).positions).toBe(0);
    expect((await snapshot()).newestPosition).toBe(newest);
    await simulator.setScenario('ais-silence', false);
    expect((await simulator.tick()).positions).toBeGreaterThan(0);

    await simulator.setScenario('api-errors', true);
    expect(await faults()).toMatchObject({ error_rate: 0.2 });
    await simulator.setScenario('api-errors', false);
    expect(await faults()).toMatchObject({ error_rate: 0 });
  });
});
