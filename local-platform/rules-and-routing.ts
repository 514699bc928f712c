import type { Duration } from '../lib/monitoring/index.ts';
import { basename } from 'node:path';
import { renderRuleFiles } from '../rules/generate.ts';
import type { ThresholdOverride } from '../rules/build/render-rules.ts';
import type { RuleFile } from './prometheus.ts';

export interface RuleTiming {
  /** Multiplies every alert's `for:` (the e2e drills use a fraction). */
  forScale?: number;
  /** Replaces the `for:` of named alerts. */
  forOverrides?: Record<string, Duration>;
  /** Lowers the threshold of named alerts (a drill that cannot wait for the stack's; see RenderOptions). */
  thresholdOverrides?: Record<string, ThresholdOverride>;
}

/**
 * The generated alerting and recording rules, rendered by the rules author's function (so
 * they are the same rules the stack deploys), with runbook links pointing at `runbookBaseUrl`.
 */
export function localRuleFiles(runbookBaseUrl: string, timing: RuleTiming = {}): RuleFile[] {
  return renderRuleFiles({ runbookBaseUrl, ...timing }).map((file) => ({
    name: basename(file.path),
    content: file.content,
  }));
}

export { renderLocalAlertmanagerConfig, type LocalRoutingTargets } from '../rules/alertmanager-config.ts';
