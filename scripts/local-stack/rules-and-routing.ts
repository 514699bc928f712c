import { basename } from 'node:path';
import type { Duration } from '../../rules/build/types.ts';
import { renderRuleFiles } from '../../rules/generate.ts';
import type { RuleFile } from './prometheus.ts';

export interface RuleTiming {
  /** Multiplies every alert's `for:` (the e2e drills use a fraction). */
  forScale?: number;
  /** Replaces the `for:` of named alerts. */
  forOverrides?: Record<string, Duration>;
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

export interface RoutingTargets {
  /** Base URL of the notifier; receivers post to `<notifierUrl>/alertmanager/<receiver>`. */
  notifierUrl: string;
  /** File holding the notifier's bearer token. */
  tokenFile: string;
  groupWaitSeconds: number;
  groupIntervalSeconds: number;
  repeatIntervalSeconds: number;
}

export type RenderRouting = (targets: RoutingTargets) => string;

/**
 * The rules author's Alertmanager routing renderer, or why it is not available: `npm start`
 * runs Alertmanager only with the real generated routing, never with a stand-in.
 */
export async function loadRoutingRenderer(): Promise<RenderRouting | string> {
  const modulePath = '../../rules/alertmanager-config.ts';
  try {
    const mod = (await import(modulePath)) as Record<string, unknown>;
    const render = mod.renderLocalAlertmanagerConfig;
    if (typeof render === 'function') return render as RenderRouting;
    return 'rules/alertmanager-config.ts does not export renderLocalAlertmanagerConfig() yet';
  } catch {
    return 'the Alertmanager routing renderer (rules/alertmanager-config.ts) has not landed yet';
  }
}
