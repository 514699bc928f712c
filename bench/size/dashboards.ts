import { compareWithControl } from '../lib/control.ts';
import type { Spread } from '../lib/rounds.ts';
import { defaultVariables, loadDashboard, type DashboardLoad, type PanelTiming } from './dashboard-load.ts';
import type { DashboardQueries } from './panels.ts';

export const day = 86_400;

/** The dashboard width Grafana lays the 24 columns across (a 1920 px screen). */
export const dashboardWidthPx = 1920;

export interface RangeFigure {
  /** Seconds until the last panel answered. */
  seconds: Spread;
  /** The same dashboard over the last 24 h, measured in the same rounds (the baseline). */
  lastDay: Spread;
  /** A second 24 h load per round: control / baseline, the method's own noise (1 = none). */
  noise: Spread;
  /** The slowest panel of the slowest round. */
  slowestPanel: PanelTiming;
}

export interface DashboardFigures {
  name: string;
  uid: string;
  queries: number;
  skippedTargets: number;
  sevenDays: RangeFigure;
  thirtyDays: RangeFigure;
}

export interface DashboardRunOptions {
  url: string;
  /** The history's end: the dashboards' "now". */
  to: number;
  scrapeS: number;
  rounds?: number;
  log: (line: string) => void;
}

/**
 * One range of one dashboard over the rounds: each round loads it over `rangeS` (subject) and
 * twice over the last 24 h (baseline and the A/A control), in rotating order.
 */
async function measureRange(
  d: DashboardQueries,
  rangeS: number,
  o: DashboardRunOptions,
  variables: Record<string, string>,
): Promise<RangeFigure> {
  const loads: DashboardLoad[] = [];
  const common = { prometheusUrl: o.url, to: o.to, scrapeS: o.scrapeS, dashboardWidthPx, variables };
  const result = await compareWithControl({
    ...(o.rounds ? { rounds: o.rounds } : {}),
    measure: async (arm) => {
      const load = await loadDashboard(d, { ...common, rangeS: arm === 'subject' ? rangeS : day });
      if (arm === 'subject') loads.push(load);
      return load.seconds;
    },
    compare: (measured, baseline) => measured / baseline,
    progress: (line) => o.log(`  ${d.title} ${rangeS / day} d:${line}`),
  });
  const slowestRound = loads.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  return {
    seconds: result.subject,
    lastDay: result.baseline,
    noise: result.noise,
    slowestPanel: slowestRound.slowest,
  };
}

export async function measureDashboards(
  dashboards: readonly DashboardQueries[],
  o: DashboardRunOptions,
): Promise<DashboardFigures[]> {
  const out: DashboardFigures[] = [];
  for (const d of dashboards) {
    const variables = await defaultVariables(o.url, d.variables, o.to);
    // One untimed load per range first: the blocks' pages into the page cache, as a dashboard in daily use has them.
    for (const rangeS of [day, 7 * day, 30 * day])
      await loadDashboard(d, {
        prometheusUrl: o.url,
        to: o.to,
        rangeS,
        scrapeS: o.scrapeS,
        dashboardWidthPx,
        variables,
      });
    out.push({
      name: d.title,
      uid: d.uid,
      queries: d.queries.length,
      skippedTargets: d.skipped,
      sevenDays: await measureRange(d, 7 * day, o, variables),
      thirtyDays: await measureRange(d, 30 * day, o, variables),
    });
  }
  return out;
}
