import { runbookUrl, toSeconds } from '../../lib/monitoring/index.ts';
import { load } from 'js-yaml';
import type { Check, Problem } from '../../lib/validation.ts';
import { testFilePath } from '../build/render-tests.ts';
import { renderTestFiles } from '../generate.ts';
import type { RulesModel } from './model.ts';
import { promqlFacts } from './promql-tree.ts';

interface ExpAlert {
  exp_labels?: Record<string, string>;
  exp_annotations?: Record<string, string>;
}
interface TestGroup {
  alert_rule_test?: Array<{ eval_time: string; alertname: string; exp_alerts?: ExpAlert[] }>;
}

/**
 * Reads the generated promtool tests (not the TypeScript) and requires, for every alert: a case
 * where it fires after `for` with its severity and runbook_url, a case just before `for` where
 * it does not, and healthy input on which it stays silent.
 */
export const testCoverageCheck = (model: RulesModel): Check => ({
  name: 'every alert has a promtool test',
  run: async () => {
    // promtool's tests have no external labels: the link is the runbook's path, from no base.
    const baseUrl = '';
    const rendered = new Map(renderTestFiles(model.files).map((f) => [f.path, f.content]));
    const problems: Problem[] = [];
    for (const file of model.files) {
      const content = rendered.get(testFilePath(file.domain));
      const doc = (content ? load(content) : {}) as { tests?: TestGroup[] };
      const groups = doc.tests ?? [];
      for (const alert of file.alerts) {
        const report = (message: string) => problems.push({ file: file.source, where: alert.name, message });
        const forSeconds = toSeconds(alert.for);
        const cases = groups.map((g) => (g.alert_rule_test ?? []).filter((c) => c.alertname === alert.name));
        const fires = (c: { exp_alerts?: ExpAlert[] }) =>
          (c.exp_alerts ?? []).some(
            (a) =>
              a.exp_labels?.severity === alert.severity &&
              a.exp_annotations?.runbook_url === runbookUrl(alert.name, baseUrl),
          );
        const firingGroup = cases.find((cs) =>
          cs.some((c) => fires(c) && toSeconds(c.eval_time) >= forSeconds),
        );
        if (!firingGroup)
          report(`no promtool test shows it firing after ${alert.for} with its labels and runbook_url`);
        // The silent check comes before the firing one (at holdsFrom + for - 30s; the mutation
        // check proves the condition already holds then).
        const firedAt = Math.min(
          ...(firingGroup ?? []).filter((c) => fires(c)).map((c) => toSeconds(c.eval_time)),
        );
        if (
          forSeconds > 0 &&
          !firingGroup?.some((c) => !c.exp_alerts?.length && toSeconds(c.eval_time) < firedAt)
        ) {
          report(`no promtool test shows it not firing before ${alert.for} elapses`);
        }
        const healthy = cases.some(
          (cs) =>
            cs.length > 0 &&
            cs.every((c) => !c.exp_alerts?.length) &&
            cs.some((c) => toSeconds(c.eval_time) >= forSeconds),
        );
        // Only an alert with no input at all (the Watchdog's vector(1)) may lack a healthy case.
        const alwaysFires = promqlFacts(alert.expr).selectors.length === 0;
        if (!healthy && !alwaysFires) report('no promtool test shows it silent on healthy input');
      }
    }
    return problems;
  },
});
