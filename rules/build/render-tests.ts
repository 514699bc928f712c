import { type Duration, fromSeconds, selector, toSeconds } from '../../lib/monitoring/index.ts';
import { dump } from 'js-yaml';
import { yamlHeader } from '../../lib/generated.ts';
import { alertAnnotations, alertLabels } from './annotations.ts';
import { expandTemplate } from './expand.ts';
import { ruleFilePath, type RenderOptions } from './render-rules.ts';
import type { AlertSpec, RecordSpec, RecordTest, RuleFileSpec, SeriesInput } from './types.ts';

/** Rules are evaluated every 30 s in the tests, so "just before `for`" is 30 s before it. */
export const testEvaluationInterval = '30s';
export const inputInterval = '1m';

/** The alert's input sample interval. */
export const intervalOf = (spec: AlertSpec): Duration => spec.test.interval ?? inputInterval;

export const testFilePath = (domain: string) => `stack/prometheus/tests/${domain}.test.yml`;

/** A firing input and when it first meets the condition. */
interface Firing {
  input: readonly SeriesInput[];
  holdsFrom: number;
  /** Explicit check time (the main case's `test.firesAt`). */
  firesAt?: Duration;
}

const mainFiring = (spec: AlertSpec): Firing => ({
  input: spec.test.firing,
  holdsFrom: toSeconds(spec.test.holdsFrom ?? '0s'),
  firesAt: spec.test.firesAt,
});

/** Every input the alert must fire on: the main case, then `alsoFiresOn`. */
export const firingCases = (spec: AlertSpec): (Firing & { why?: string })[] => [
  mainFiring(spec),
  ...(spec.test.alsoFiresOn ?? []).map((c) => ({
    input: c.firing,
    holdsFrom: toSeconds(c.holdsFrom ?? '0s'),
    why: c.why,
  })),
];

/** When a firing input is checked firing: holdsFrom + `for` + 5m unless set. */
export const firingCheckAt = (spec: AlertSpec, firing: Firing = mainFiring(spec)): Duration =>
  firing.firesAt ?? fromSeconds(firing.holdsFrom + toSeconds(spec.for) + 300);

/** The main case's firing check time (healthy input is checked then too). */
export const firesAt = (spec: AlertSpec) => firingCheckAt(spec);

/** Just before `for` elapses, the condition already holding: the alert may be pending, never firing. */
export const beforeFor = (spec: AlertSpec, firing: Firing = mainFiring(spec)) =>
  fromSeconds(Math.max(0, firing.holdsFrom + toSeconds(spec.for) - 30));

/** Every input the alert must stay silent on, with when it is checked. */
export const silentCases = (
  spec: AlertSpec,
): { why?: string; input: readonly SeriesInput[]; at: Duration }[] => [
  ...(spec.test.healthy ? [{ input: spec.test.healthy, at: firesAt(spec) }] : []),
  ...(spec.test.alsoSilentOn ?? []).map((c) => ({ why: c.why, input: c.healthy, at: c.at ?? firesAt(spec) })),
];

export function expectedAlert(spec: AlertSpec, options: RenderOptions) {
  const labels = { ...alertLabels(spec), ...spec.test.labels };
  const annotations = alertAnnotations(spec, options.runbookBaseUrl);
  const expand = (text: string) => expandTemplate(text, labels, spec.test.value, spec.name);
  return {
    exp_labels: labels,
    exp_annotations: {
      ...annotations,
      summary: expand(annotations.summary),
      description: expand(annotations.description),
      runbook_url: expand(annotations.runbook_url),
    },
  };
}

function alertTests(spec: AlertSpec, options: RenderOptions) {
  const check = (evalTime: string, expAlerts: unknown[]) => ({
    eval_time: evalTime,
    alertname: spec.name,
    exp_alerts: expAlerts,
  });
  const tests = firingCases(spec).map((firing) => {
    const checks = [check(firingCheckAt(spec, firing), [expectedAlert(spec, options)])];
    if (toSeconds(spec.for) > 0) checks.unshift(check(beforeFor(spec, firing), []));
    return {
      name: `${spec.name} fires after ${spec.for}${firing.why ? `: ${firing.why}` : ''}`,
      interval: intervalOf(spec),
      input_series: firing.input,
      alert_rule_test: checks,
    };
  });
  for (const silent of silentCases(spec)) {
    tests.push({
      name: `${spec.name} stays silent${silent.why ? `: ${silent.why}` : ' on healthy input'}`,
      interval: intervalOf(spec),
      input_series: silent.input,
      alert_rule_test: [check(silent.at, [])],
    });
  }
  return tests;
}

function recordTests(spec: RecordSpec) {
  const tests = spec.test === undefined ? [] : Array.isArray(spec.test) ? spec.test : [spec.test];
  return tests.map((test: RecordTest) => ({
    name: `${spec.record}${spec.labels ? ` ${JSON.stringify(spec.labels)}` : ''}: ${test.why}`,
    interval: test.interval ?? inputInterval,
    input_series: test.input,
    promql_expr_test: [
      {
        // Only this rule's series: another rule may record the same name with other labels.
        expr: selector(
          spec.record,
          ...Object.entries(spec.labels ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`),
        ),
        eval_time: test.at,
        exp_samples: test.expect.map((e) => ({ labels: e.series, value: e.value })),
      },
    ],
  }));
}

/** The promtool unit tests of one rule file, generated from the tests declared beside each alert. */
export function renderTestFile(file: RuleFileSpec, options: RenderOptions): string {
  const doc = {
    rule_files: [`../rules/${ruleFilePath(file.domain).split('/').pop()}`],
    evaluation_interval: testEvaluationInterval,
    tests: [
      ...file.records.flatMap(recordTests),
      ...file.alerts.flatMap((spec) => alertTests(spec, options)),
    ],
  };
  return yamlHeader(file.source) + dump(doc, { lineWidth: -1, noRefs: true });
}
