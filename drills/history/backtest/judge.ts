import type { PlacedIncident } from '../incidents.ts';
import type { Firing } from './firing.ts';

/**
 * How long after an incident ends a firing still belongs to it: the alerts' windows (up to
 * the slow-burn alerts' 6 h and 3 d) keep seeing the incident after it stops.
 */
export const afterIncidentS = 6 * 3600;

export interface AlertFirings {
  alert: string;
  /** Meant to fire all the time (the Watchdog): never noise. */
  heartbeat?: boolean;
  firings: readonly Firing[];
}

export interface Detection {
  incident: string;
  alerts: readonly string[];
  detectWithinS: number;
  /** The first of the incident's alerts firing, or null when none fired within the bound. */
  caughtBy: { alert: string; start: number; delayS: number } | null;
  /** When none fired within the bound: the first of them that fired later during the incident, if any. */
  late: { alert: string; start: number; delayS: number } | null;
}

export interface Noise extends Firing {
  alert: string;
}

export interface BacktestVerdict {
  detections: Detection[];
  missedIncidents: string[];
  /**
   * Firings that overlap no incident (from its start to `afterIncidentS` after its end) whose
   * `alerts` or `alsoFires` name them.
   */
  falseFirings: Noise[];
}

const overlaps = (f: Firing, from: number, to: number) => f.start < to && (f.end ?? Infinity) > from;

/**
 * Each incident is caught when one of its alerts fires (or is firing) within `detectWithinS` of
 * its start; every other firing is noise unless it overlaps an incident that names the alert
 * (in `alerts` or `alsoFires`): an unrelated alert firing during a long incident is noise too.
 */
export function judgeBacktest(
  replays: readonly AlertFirings[],
  incidents: readonly PlacedIncident[],
): BacktestVerdict {
  const detections = incidents.map((i): Detection => {
    const candidates = replays
      .filter((r) => i.alerts.includes(r.alert))
      .flatMap((r) => r.firings.map((f) => ({ alert: r.alert, start: f.start, f })))
      .filter((c) => overlaps(c.f, i.start, i.end + afterIncidentS))
      .map(({ alert, start }) => ({ alert, start, delayS: Math.max(0, start - i.start) }))
      .sort((a, b) => a.delayS - b.delayS);
    const first = candidates[0] ?? null;
    const inTime = first && first.delayS <= i.detectWithinS;
    return {
      incident: i.name,
      alerts: i.alerts,
      detectWithinS: i.detectWithinS,
      caughtBy: inTime ? first : null,
      late: inTime ? null : first,
    };
  });
  const explainedBy = (alert: string, f: Firing) =>
    incidents.some(
      (i) =>
        (i.alerts.includes(alert) || (i.alsoFires ?? []).includes(alert)) &&
        overlaps(f, i.start, i.end + afterIncidentS),
    );
  const falseFirings = replays.flatMap((r) =>
    r.firings.filter((f) => !r.heartbeat && !explainedBy(r.alert, f)).map((f) => ({ alert: r.alert, ...f })),
  );
  return {
    detections,
    missedIncidents: detections.filter((d) => !d.caughtBy).map((d) => d.incident),
    falseFirings: falseFirings.sort((a, b) => a.start - b.start),
  };
}
