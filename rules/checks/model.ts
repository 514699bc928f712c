import { repoRoot } from '../../lib/generated.ts';
import type { AlertSpec, RuleFileSpec } from '../build/types.ts';
import { type RouteCase, routeCases } from '../routing/route-cases.ts';
import { ruleFiles } from '../rule-files.ts';

/** What the rule checks look at. Tests swap in broken copies; `npm run validate` uses the real tree. */
export interface RulesModel {
  /** Repository root holding the committed generated files and the runbooks. */
  root: string;
  files: readonly RuleFileSpec[];
  routeCases: readonly RouteCase[];
}

export const realModel = (): RulesModel => ({ root: repoRoot, files: ruleFiles, routeCases });

export interface LocatedAlert {
  file: RuleFileSpec;
  alert: AlertSpec;
}

export const allAlerts = (model: RulesModel): LocatedAlert[] =>
  model.files.flatMap((file) => file.alerts.map((alert) => ({ file, alert })));

export const recordedNames = (model: RulesModel): Set<string> =>
  new Set(model.files.flatMap((file) => file.records.map((r) => r.record)));

/** Every expression of the model with the file and rule that holds it. */
export const allExpressions = (model: RulesModel) =>
  model.files.flatMap((file) => [
    ...file.records.map((r) => ({ file, rule: r.record, expr: r.expr })),
    ...file.alerts.map((a) => ({ file, rule: a.name, expr: a.expr })),
  ]);
