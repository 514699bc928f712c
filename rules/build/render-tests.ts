import { dump } from 'js-yaml';
import { yamlHeader } from '../../lib/generated.ts';
import { alertAnnotations, alertLabels } from './annotations.ts';
import { fromSeconds, toSeconds } from './duration.ts';
import { expandTemplate } from './expand.ts';
import { ruleFilePath, type RenderOptions } from './render-rules.ts';
import type { AlertSpec, RuleFileSpec } from './types.ts';

/** Rules are evaluated every 30 s in the tests, so "just before `for`" is 30 s before it. */
export const testEvaluationInterval = '30s';
const inputInterval = '1m';

export const testFilePath = (domain: string) => `stack/prometheus/tests/${domain}.test.yml`;

export const firesAt = (spec: AlertSpec) => spec.test.firesAt ?? fromSeconds(toSeconds(spec.for) + 300);

/** Just before `for` elapses: the alert may be pending, never firing. */
export const beforeFor = (spec: AlertSpec) => fromSeconds(Math.max(0, toSeconds(spec.for) - 30));

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
    },
  };
}

function alertTests(spec: AlertSpec, options: RenderOptions) {
  const check = (evalTime: string, expAlerts: unknown[]) => ({
    eval_time: evalTime,
    alertname: spec.name,
    exp_alerts: expAlerts,
  });
  const firing = [check(firesAt(spec), [expectedAlert(spec, options)])];
  if (toSeconds(spec.for) > 0) firing.unshift(check(beforeFor(spec), []));
  const tests = [
    {
      name: `${spec.name} fires after ${spec.for}`,
      interval: inputInterval,
      input_series: spec.test.firing,
      alert_rule_test: firing,
    },
  ];
  for (const other of spec.test.alsoFiresOn ?? []) {
    tests.push({
      name: `${spec.name} fires after ${spec.for}: ${other.why}`,
      interval: inputInterval,
      input_series: other.firing,
      alert_rule_test: firing,
    });
  }
  if (spec.test.healthy) {
    tests.push({
      name: `${spec.name} stays silent on healthy input`,
      interval: inputInterval,
      input_series: spec.test.healthy,
      alert_rule_test: [check(firesAt(spec), [])],
    });
  }
  return tests;
}

/** The promtool unit tests of one rule file, generated from the tests declared beside each alert. */
export function renderTestFile(file: RuleFileSpec, options: RenderOptions): string {
  const doc = {
    rule_files: [`../rules/${ruleFilePath(file.domain).split('/').pop()}`],
    evaluation_interval: testEvaluationInterval,
    tests: file.alerts.flatMap((spec) => alertTests(spec, options)),
  };
  return yamlHeader(file.source) + dump(doc, { lineWidth: -1, noRefs: true });
}
