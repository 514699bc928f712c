import { load } from 'js-yaml';
import { toSeconds } from '../../../lib/monitoring/duration.ts';
import type { RuleFile } from '../../../local-platform/prometheus.ts';
import { inlineRecordings, type RecordingRule } from './inline-recordings.ts';

/** An alert as the backtest replays it: its expression with every recording rule inlined. */
export interface ReplayedAlert {
  alert: string;
  file: string;
  forS: number;
  /** The rule's own `labels:` (severity, service...), added to each firing's. */
  labels: Record<string, string>;
  expr: string;
  /** A constant expression (the Watchdog's `vector(1)`): meant to fire all the time. */
  heartbeat: boolean;
}

interface RuleYaml {
  groups: { name: string; rules: (RecordingRule & { alert?: string; for?: string })[] }[];
}

/**
 * The alerts of the given rule files (the generated ones the stack deploys, plus whatever a test
 * plants), each with the recording rules it reads inlined: the history holds only what was
 * scraped, so a recording an alert reads would otherwise be empty over it. A range over a
 * recording is a subquery on the `evaluationS` grid the backtest evaluates on.
 */
export function alertsToReplay(files: readonly RuleFile[], evaluationS: number): ReplayedAlert[] {
  const parsed = files.map((f) => ({ name: f.name, groups: (load(f.content) as RuleYaml).groups }));
  const recordings = parsed.flatMap((f) => f.groups.flatMap((g) => g.rules.filter((r) => r.record)));
  return parsed.flatMap((f) =>
    f.groups.flatMap((g) =>
      g.rules.flatMap((r) =>
        r.alert
          ? [
              {
                alert: r.alert,
                file: f.name,
                forS: r.for ? toSeconds(r.for) : 0,
                labels: r.labels ?? {},
                expr: inlineRecordings(r.expr, recordings, { evaluationS }),
                heartbeat: /^vector\(\s*1\s*\)$/.test(r.expr.trim()),
              },
            ]
          : [],
      ),
    ),
  );
}
