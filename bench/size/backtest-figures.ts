import type { BacktestReport } from '../../drills/history/backtest/run-backtest.ts';

const iso = (t: number | null) => (t === null ? null : new Date(t * 1000).toISOString());

/**
 * What size.json keeps of a backtest: the incidents missed, the firings outside every incident,
 * how soon each incident was caught, and per alert the times it would have fired.
 */
export function backtestFigures(report: BacktestReport) {
  const { verdict } = report;
  return {
    seconds: report.seconds,
    missedIncidents: verdict.missedIncidents,
    falseFirings: verdict.falseFirings.map((n) => ({
      alert: n.alert,
      start: iso(n.start),
      end: iso(n.end),
      labels: n.labels,
    })),
    detections: verdict.detections.map((d) => ({
      incident: d.incident,
      boundSeconds: d.detectWithinS,
      caughtBy: d.caughtBy?.alert ?? null,
      afterSeconds: d.caughtBy?.delayS ?? null,
    })),
    alerts: report.replays.map((r) => ({
      alert: r.alert,
      firings: r.firings.map((f) => ({ start: iso(f.start), end: iso(f.end), labels: f.labels })),
    })),
  };
}
