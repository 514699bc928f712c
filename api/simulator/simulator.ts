import type { Answer } from '../../lib/api-contract/index.ts';
import { createRandom } from '../seed/random.ts';
import { ApiClient } from './api-client.ts';
import { describe, execute } from './execute.ts';
import { defaultPlannerSettings, planTick, type PlannerSettings } from './planner.ts';
import { readRandomly } from './reads.ts';
import { positionReports } from './reports.ts';
import { combinedEffects, type ScenarioName, scenarios } from './scenarios.ts';
import { rosterShifts } from './staffing.ts';
import { emptyReport, type TickReport } from './tick-report.ts';
import { advance, type Voyage } from './voyages.ts';
import { fetchWorld, type Staff, type World } from './world.ts';

export type { TickReport } from './tick-report.ts';

export interface SimulatorOptions {
  apiUrl: string;
  password: string;
  /** Defaults to the demo operator. */
  email?: string;
  /** Real time between ticks (default 5 s). The first tick runs one interval after start. */
  tickMs?: number;
  /** Simulated seconds per real second for vessels under way (default 20). */
  timeScale?: number;
  log?: (message: string) => void;
  seed?: number;
  settings?: Partial<PlannerSettings>;
  /** Re-roster the upcoming shift every N ticks (default 60; the first tick always does). */
  rosterEveryTicks?: number;
  /** One failed login every N ticks (default 25). */
  failedLoginEveryTicks?: number;
  /** Fault scenarios on from the start (scenarios.ts); none models a well-run port. */
  scenarios?: readonly ScenarioName[];
}

export interface Simulator {
  /** Runs one tick now (serialised with the timer's ticks). */
  tick(): Promise<TickReport>;
  /** Drill hook: keep this many of the longest-waiting vessels at anchorage (0 releases them). */
  holdAtAnchorage(count: number): void;
  /** Switches a fault scenario on or off; takes effect from the next tick. */
  setScenario(name: ScenarioName, on: boolean): Promise<void>;
  /** The scenarios switched on. */
  activeScenarios(): ScenarioName[];
  /** Totals since start. */
  totals(): TickReport;
  stop(): Promise<void>;
}

/**
 * Drives a running PortTrack API over HTTP only, like a port's systems would: AIS position
 * batches, port-call events, cargo progress, shift rosters, reads and the odd failed login.
 * A failed request is logged and tried again on a later tick; nothing here throws out of a tick.
 */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const api = new ApiClient({
    apiUrl: options.apiUrl,
    email: options.email ?? 'operator@porttrack.local',
    password: options.password,
  });
  const log = options.log ?? (() => undefined);
  const tickMs = options.tickMs ?? 5000;
  const timeScale = options.timeScale ?? 20;
  const active = new Set<ScenarioName>(options.scenarios ?? []);
  const effects = () => combinedEffects(active);
  const settings = () => ({ ...defaultPlannerSettings, ...options.settings, ...effects().settings });
  const rosterEvery = options.rosterEveryTicks ?? 60;
  const failedLoginEvery = options.failedLoginEveryTicks ?? 25;
  const random = createRandom(options.seed ?? 7);
  const voyages = new Map<number, Voyage>();
  const totals = emptyReport(0);
  let hold = 0;
  let tickCount = 0;
  let lastTickAt = Date.now();
  let fixed: Pick<World, 'berths' | 'routes'> | undefined;
  let staff: Staff[] = [];

  const runTick = async (): Promise<TickReport> => {
    const report = emptyReport(++tickCount);
    const fail = (what: string, err: unknown) => {
      report.failures++;
      log(
        `simulator tick ${report.tick}: ${what} failed (${(err as Error).message}); will retry on a later tick`,
      );
    };
    const now = new Date();
    const elapsed = Math.max(0, now.getTime() - lastTickAt);
    lastTickAt = now.getTime();

    let world: World;
    try {
      world = await fetchWorld(api, tickCount % 20 === 0 ? undefined : fixed);
      fixed = { berths: world.berths, routes: world.routes };
      if (staff.length === 0 || report.tick % rosterEvery === 1)
        staff = await api.listAll<Staff>('/staff', { active: 'true' });
    } catch (err) {
      fail('reading the port', err);
      return accumulate(report);
    }

    // Voyages follow their calls: forget those the port has moved past, move the others on.
    const callsById = new Map(world.calls.map((c) => [c.id, c]));
    const approachesDone = new Set<number>();
    for (const [vesselId, voyage] of voyages) {
      const call = callsById.get(voyage.callId);
      const stale =
        voyage.kind === 'approach'
          ? call?.status !== 'expected'
          : voyage.kind === 'shift' && call?.status !== 'berthed';
      if (stale) {
        voyages.delete(vesselId);
        continue;
      }
      if (!advance(voyage, elapsed * timeScale)) continue;
      if (voyage.kind === 'approach') approachesDone.add(voyage.callId);
      else voyages.delete(vesselId);
    }

    const actions = planTick({
      elapsedMs: elapsed,
      world,
      now,
      random,
      voyages,
      approachesDone,
      holdAtAnchorage: hold,
      settings: settings(),
    });
    for (const action of actions) {
      try {
        await execute(action, { api, random, voyages, staff, world, now, report });
      } catch (err) {
        fail(describe(action), err);
      }
    }

    const reports = effects().silentAis ? [] : positionReports(world, voyages, now);
    if (reports.length) {
      try {
        const answer = await api.post<Answer<'ingestPositions'>>('/positions', reports);
        report.positions = answer.accepted;
      } catch (err) {
        fail(`posting ${reports.length} positions`, err);
      }
    }

    if (report.tick % rosterEvery === 1 || rosterEvery === 1) {
      try {
        report.rostered = await rosterShifts(api, staff, now, { short: effects().shortRosters });
      } catch (err) {
        fail('rostering the upcoming shift', err);
      }
    }
    try {
      await readRandomly(api, random, world, now);
      report.reads++;
    } catch (err) {
      fail('a read', err);
    }
    if (report.tick % failedLoginEvery === 0) {
      try {
        const status = await api.failedLogin('intruder@porttrack.local');
        if (status >= 400) report.failedLogins++;
      } catch (err) {
        fail('a failed-login probe', err);
      }
    }
    return accumulate(report);
  };

  const accumulate = (report: TickReport): TickReport => {
    for (const key of Object.keys(report) as (keyof TickReport)[])
      if (key !== 'tick') totals[key] += report[key];
    totals.tick = report.tick;
    if (report.tick === 1 || report.tick % 12 === 0 || report.failures)
      log(
        `simulator tick ${report.tick}: ${report.positions} positions, ${report.arrived} arrived, ${report.berthed} berthed, ` +
          `${report.departed} departed, ${report.newCalls} new calls, ${report.progress} cargo updates, ${report.failures} failures`,
      );
    return report;
  };

  let chain: Promise<unknown> = Promise.resolve();
  const tick = (): Promise<TickReport> => {
    const next = chain.then(runTick);
    chain = next.catch(() => undefined);
    return next;
  };

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer = setTimeout(() => {
      tick()
        .catch((err: unknown) => log(`simulator tick failed unexpectedly: ${(err as Error).message}`))
        .finally(() => {
          if (!stopped) schedule();
        });
    }, tickMs);
  };
  // The API's fault injection follows the api-errors scenario (and is cleared when it goes off).
  const applyApiErrors = () => api.setFaultErrorRate(effects().apiErrorRate);
  const setScenario = async (name: ScenarioName, on: boolean) => {
    if (on) active.add(name);
    else active.delete(name);
    log(`simulator: scenario ${name} ${on ? 'on' : 'off'} (${scenarios[name].what})`);
    if (scenarios[name].effects.apiErrorRate) await applyApiErrors();
  };
  if (effects().apiErrorRate) await applyApiErrors();
  schedule();
  log(
    `simulator: driving ${options.apiUrl} every ${tickMs} ms (time scale ${timeScale}x), ` +
      (active.size ? `scenarios: ${[...active].join(', ')}` : 'a well-run port (no fault scenario)'),
  );

  return {
    tick,
    holdAtAnchorage(count: number) {
      hold = Math.max(0, Math.floor(count));
      log(`simulator: holding ${hold} vessel(s) at anchorage`);
    },
    setScenario,
    activeScenarios: () => [...active],
    totals: () => ({ ...totals }),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await chain;
    },
  };
}
