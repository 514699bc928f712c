import { incidents as standard, type Incident } from './incidents.ts';

/**
 * The short history `npm run validate` backtests on: the standard incidents (incidents.ts) that
 * can be judged within a day, one after another on one synthetic day, each with its own duration,
 * alerts and bound, and nothing else changed (the same model, series and generator as the 30-day
 * history). An incident longer than `longestS`, or meant to be caught only after more than that,
 * cannot be: it is left out with the reason, never shortened into something it is not.
 */
export interface ShortDay {
  /** Unix seconds: a fixed Wednesday 00:00 UTC, so every run builds the same history. */
  start: number;
  end: number;
  /** (end - start) in days, as buildHistory takes it. */
  days: number;
  /** The incidents placed, offsets from `start`. */
  incidents: Incident[];
  leftOut: { incident: Incident; why: string }[];
}

const hour = 3600;

/** 2026-01-14 00:00 UTC, a Wednesday (weekday traffic). */
export const shortDayStart = Date.UTC(2026, 0, 14) / 1000;
/** Before the first incident: the 5-minute to 1-hour windows fill with healthy samples. */
export const warmUpS = hour;
/** After each incident: its alerts resolve before the next begins, and the last gap is a quiet tail. */
export const gapS = hour;
/** An incident lasting or needing longer than this to be caught does not fit in the short day. */
export const longestS = 8 * hour;

const duration = (s: number) =>
  s % 86_400 === 0 ? `${s / 86_400} d` : s % hour === 0 ? `${s / hour} h` : `${Math.round(s / 60)} min`;

export function shortDay(list: readonly Incident[] = standard): ShortDay {
  const placed: Incident[] = [];
  const leftOut: ShortDay['leftOut'] = [];
  let offset = warmUpS;
  for (const incident of [...list].sort((a, b) => a.startOffsetS - b.startOffsetS)) {
    if (incident.durationS > longestS || incident.detectWithinS > longestS) {
      leftOut.push({
        incident,
        why: `lasts ${duration(incident.durationS)} and may be caught up to ${duration(incident.detectWithinS)} in: more than the short day's ${duration(longestS)} per incident (the 30-day \`npm run backtest\` judges it)`,
      });
      continue;
    }
    placed.push({ ...incident, startOffsetS: offset });
    offset += incident.durationS + gapS;
  }
  return {
    start: shortDayStart,
    end: shortDayStart + offset,
    days: offset / 86_400,
    incidents: placed,
    leftOut,
  };
}
