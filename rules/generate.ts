import type { GeneratedFile } from '../lib/generated.ts';
import { type RenderOptions, renderRuleFile, ruleFilePath } from './build/render-rules.ts';
import { renderTestFile, testFilePath } from './build/render-tests.ts';
import type { RuleFileSpec } from './build/types.ts';
import { ruleFiles } from './rule-files.ts';
import { alertmanagerFiles } from './routing/render.ts';
import { silencesFiles } from './silences/render.ts';

/**
 * Rule files with optional shortened `for:` or lowered thresholds (drills). Pure: same input,
 * same bytes. `forScale`/`forOverrides`/`thresholdOverrides` only change the rules; promtool
 * tests always use the real values.
 */
export function renderRuleFiles(
  options: Partial<RenderOptions> = {},
  files: readonly RuleFileSpec[] = ruleFiles,
): GeneratedFile[] {
  const alerts = new Set(files.flatMap((file) => file.alerts.map((a) => a.name)));
  const unknown = Object.keys(options.thresholdOverrides ?? {}).filter((name) => !alerts.has(name));
  if (unknown.length) throw new Error(`thresholdOverrides names no such alert: ${unknown.join(', ')}`);
  return files.map((file) => ({ path: ruleFilePath(file.domain), content: renderRuleFile(file, options) }));
}

/** The promtool unit tests of the generated rules (deployment-free, like the rules). */
export function renderTestFiles(files: readonly RuleFileSpec[] = ruleFiles): GeneratedFile[] {
  return files
    .filter((file) => file.alerts.length > 0)
    .map((file) => ({ path: testFilePath(file.domain), content: renderTestFile(file, {}) }));
}

/** Everything `npm run generate` writes for the rules: rule files, promtool tests, Alertmanager and its silences. */
export function rulesFiles(files: readonly RuleFileSpec[] = ruleFiles): GeneratedFile[] {
  return [
    ...renderRuleFiles({}, files),
    ...renderTestFiles(files),
    ...alertmanagerFiles(),
    ...silencesFiles(),
  ];
}
