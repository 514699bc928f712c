import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../../lib/generated.ts';
import type { AlertSpec, RecordSpec, RuleFileSpec } from './types.ts';

/** Typed constructors: the type requires name, expr, for, severity, summary, description and a test. */
export const alert = (spec: AlertSpec): AlertSpec => spec;
export const record = (spec: RecordSpec): RecordSpec => spec;

/** The repository-relative path of a module, for naming the source of a rule in error messages. */
export const sourceOf = (moduleUrl: string) =>
  relative(repoRoot, fileURLToPath(moduleUrl)).split('\\').join('/');

export function ruleFile(
  moduleUrl: string,
  domain: string,
  parts: { records?: readonly RecordSpec[]; alerts?: readonly AlertSpec[] },
): RuleFileSpec {
  return { domain, source: sourceOf(moduleUrl), records: parts.records ?? [], alerts: parts.alerts ?? [] };
}
