import { loadavg } from 'node:os';
import type { Goal } from '../lib/goals.ts';
import { type Spread, spread, spreadOf } from '../lib/rounds.ts';
import { type Mode, type StandbyRound, pauseMs, standbyRound } from './standby-round.ts';

/**
 * The standby's part of `npm run bench -- durability`: what an unplanned promotion loses. Round
 * after round, three arms in rotating order on a fresh primary and standby each
 * (standby-round.ts): asynchronous replication, synchronous_standby_names set, and the A/A
 * control. Goals: async at most 5 s of writes lost, sync no acknowledged write lost.
 */
export const standbyGoals = { asyncLostSecondsAtMost: 5, syncLostWritesAtMost: 0 };

export interface StandbyFigures {
  load: { client_pause_ms: number; seconds: number };
  load_average_1m: Spread;
  async: ModeFigures;
  sync: ModeFigures;
  control: ModeFigures;
}

interface ModeFigures {
  acknowledged_writes: Spread;
  lost_writes: Spread;
  lost_seconds: Spread;
  promote_seconds: Spread;
}

const modes: Mode[] = ['async', 'sync', 'control'];

export async function measureStandbyPromotion(
  rounds: number,
  loadSeconds: number,
  log: (line: string) => void,
): Promise<{ figures: StandbyFigures; goals: Goal[] }> {
  const results: Record<Mode, StandbyRound[]> = { async: [], sync: [], control: [] };
  const loads = [loadavg()[0]!];
  for (let round = 0; round < rounds; round++) {
    for (const mode of modes.map((_, i) => modes[(i + round) % modes.length]!)) {
      const r = await standbyRound(mode, loadSeconds);
      results[mode].push(r);
      loads.push(loadavg()[0]!);
      log(
        `  round ${round + 1}/${rounds} ${mode}: ${r.missing} of ${r.acknowledged} acknowledged writes lost, ` +
          `${r.lostSeconds.toFixed(3)} s; promoted in ${r.promoteSeconds.toFixed(2)} s (load ${loads.at(-1)!.toFixed(2)})`,
      );
    }
  }
  const of = (mode: Mode): ModeFigures => ({
    acknowledged_writes: spreadOf(results[mode], 'acknowledged'),
    lost_writes: spreadOf(results[mode], 'missing'),
    lost_seconds: spreadOf(results[mode], 'lostSeconds'),
    promote_seconds: spreadOf(results[mode], 'promoteSeconds'),
  });
  const figures: StandbyFigures = {
    load: { client_pause_ms: pauseMs, seconds: loadSeconds },
    load_average_1m: spread(loads.map((l) => Math.round(l * 100) / 100)),
    async: of('async'),
    sync: of('sync'),
    control: of('control'),
  };
  const goals: Goal[] = [
    {
      name: 'acknowledged writes lost, async standby promotion',
      unit: 's',
      figure: figures.async.lost_seconds,
      at_most: standbyGoals.asyncLostSecondsAtMost,
      noise: figures.control.lost_seconds,
    },
    {
      name: 'acknowledged writes lost, sync standby promotion',
      unit: 'writes',
      figure: figures.sync.lost_writes,
      at_most: standbyGoals.syncLostWritesAtMost,
      noise: figures.control.lost_writes,
    },
  ];
  return { figures, goals };
}
