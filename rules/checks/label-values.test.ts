import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../lib/validation.ts';
import type { RuleFileSpec } from '../build/types.ts';
import { labelValuesCheck, ruleLabelValues } from './label-values.ts';
import { realModel, type RulesModel } from './model.ts';

const real = realModel();

/** The real model with one alert's expression changed. */
const withExpr = (name: string, change: (expr: string) => string): RulesModel => ({
  ...real,
  files: real.files.map((file): RuleFileSpec => ({
    ...file,
    alerts: file.alerts.map((a) => (a.name === name ? { ...a, expr: change(a.expr) } : a)),
  })),
});

describe('rule label values', () => {
  it('pass on the real rules, and the check sees their matchers (not vacuous)', async () => {
    expect(await labelValuesCheck(real).run()).toEqual([]);
    // Every rule of the real tree selects on job, and the SLOs and error alerts on status_code and le.
    expect(ruleLabelValues(real).checked).toBeGreaterThanOrEqual(100);
  });

  it('name the rule, the metric, the label and the value that is not declared', async () => {
    // The first of its two windows: the other still selects 5xx.
    const model = withExpr('ApiHighErrorRate', (expr) =>
      expr.replace('status_code=~"5.."', 'status_code=~"6.."'),
    );
    const problems = (await labelValuesCheck(model).run()).map(formatProblem);
    expect(problems).toEqual([
      'rules/api.ts [ApiHighErrorRate]: http_request_duration_seconds_count: status_code=~"6..": regex "6.." matches no declared value (declared pattern /^[1-5][0-9][0-9]$/)',
    ]);
  });

  it('catch a role the staff metrics do not have, and a job that scrapes nothing', async () => {
    const model = withExpr('ShiftUnderstaffed', (expr) =>
      expr.replace('job="porttrack-exporters"', 'job="exporters",role="crane_operater"'),
    );
    const problems = (await labelValuesCheck(model).run()).map(
      (p) => `${p.where}: ${p.message.split(' (')[0]}`,
    );
    expect(problems).toEqual([
      'ShiftUnderstaffed: porttrack_staff_on_shift: job="exporters": value "exporters" is not declared',
      'ShiftUnderstaffed: porttrack_staff_on_shift: role="crane_operater": value "crane_operater" is not declared',
    ]);
  });
});
