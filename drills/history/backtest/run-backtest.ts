import { localRuleFiles } from '../../../local-platform/rules-and-routing.ts';
import type { RuleFile } from '../../../local-platform/prometheus.ts';
import { readManifest, type HistoryManifest } from '../build.ts';
import { incidents as knownIncidents } from '../incidents.ts';
import { startOnHistory } from '../prometheus-on-history.ts';
import { alertsToReplay } from './alert-rules.ts';
import { judgeBacktest, type BacktestVerdict } from './judge.ts';
import { replayAlerts, type AlertReplay } from './replay.ts';

export interface BacktestOptions {
  historyDir: string;
  /** Holds Prometheus' copy of the blocks (the history itself is never written). */
  runDir: string;
  port: number;
  /** Default: the generated rules the stack deploys, with their production `for:`. */
  ruleFiles?: RuleFile[];
  log?: (line: string) => void;
}

export interface BacktestReport {
  history: Pick<HistoryManifest, 'start' | 'end' | 'stepS' | 'days' | 'incidents'>;
  replays: AlertReplay[];
  verdict: BacktestVerdict;
  seconds: number;
}

/**
 * Replays every alert over a built history: Prometheus on a copy of its blocks answers each
 * alert's expression (recordings inlined) at the history's step from its start to its end,
 * `for:` is applied per label set, and the firings are judged against the placed incidents.
 */
export async function runBacktest(o: BacktestOptions): Promise<BacktestReport> {
  const started = Date.now();
  const manifest = await readManifest(o.historyDir);
  if (!manifest)
    throw new Error(
      `no history in ${o.historyDir}: run \`npm run bench -- history\` first (PORTTRACK_HISTORY_DIR picks the folder)`,
    );
  // Where and when an incident happened is the history's; which alerts are meant to catch it,
  // how soon, and what it rightly sets off is today's judgement: taken from the current list by
  // name, so a changed bound needs no rebuilt history.
  const placed = manifest.incidents.map((i) => {
    const known = knownIncidents.find((k) => k.name === i.name);
    return {
      ...i,
      alerts: known?.alerts ?? i.alerts,
      detectWithinS: known?.detectWithinS ?? i.detectWithinS,
      alsoFires: known?.alsoFires ?? i.alsoFires ?? [],
    };
  });
  const alerts = alertsToReplay(o.ruleFiles ?? localRuleFiles('http://127.0.0.1/runbooks'), manifest.stepS);
  const prometheus = await startOnHistory({
    historyDir: o.historyDir,
    manifest,
    runDir: o.runDir,
    port: o.port,
    evaluationS: manifest.stepS,
  });
  try {
    const replays = await replayAlerts(prometheus.url, alerts, {
      from: manifest.start,
      to: manifest.end - manifest.stepS,
      stepS: manifest.stepS,
      log: o.log,
    });
    return {
      history: {
        start: manifest.start,
        end: manifest.end,
        stepS: manifest.stepS,
        days: manifest.days,
        incidents: placed,
      },
      replays,
      verdict: judgeBacktest(replays, placed),
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await prometheus.stop();
  }
}
