import type { GeneratedFile } from '../lib/generated.ts';
import { runbookBaseUrl } from '../lib/monitoring/index.ts';
import { type RenderOptions, renderRuleFile, ruleFilePath } from './build/render-rules.ts';
import { renderTestFile, testFilePath } from './build/render-tests.ts';
import type { RuleFileSpec } from './build/types.ts';
import { ruleFiles } from './rule-files.ts';
import { alertmanagerFile } from './routing/render.ts';

/**
 * Rule files with optional shortened `for:` (end-to-end drills). Pure: same input, same bytes.
 * `forScale`/`forOverrides` only change the rules; promtool tests always use the real values.
 */
export function renderRuleFiles(
  options: Partial<RenderOptions> = {},
  files: readonly RuleFileSpec[] = ruleFiles,
): GeneratedFile[] {
  const resolved: RenderOptions = { runbookBaseUrl: runbookBaseUrl(), ...options };
  return files.map((file) => ({ path: ruleFilePath(file.domain), content: renderRuleFile(file, resolved) }));
}

export function renderTestFiles(
  files: readonly RuleFileSpec[] = ruleFiles,
  baseUrl = runbookBaseUrl(),
): GeneratedFile[] {
  return files
    .filter((file) => file.alerts.length > 0)
    .map((file) => ({
      path: testFilePath(file.domain),
      content: renderTestFile(file, { runbookBaseUrl: baseUrl }),
    }));
}

/** Everything `npm run generate` writes for the rules: rule files, promtool tests, Alertmanager. */
export function rulesFiles(files: readonly RuleFileSpec[] = ruleFiles): GeneratedFile[] {
  return [...renderRuleFiles({}, files), ...renderTestFiles(files), alertmanagerFile()];
}
