import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { localJobs } from '../scrape/jobs.ts';
import { renderLocalPrometheusConfig } from '../scrape/local.ts';
import { prometheusExternalLabels } from './external-labels.ts';

type Config = {
  global: { external_labels?: Record<string, string> };
  alerting?: { alert_relabel_configs?: unknown[] };
};

const render = (externalLabels?: Record<string, string>) =>
  load(
    renderLocalPrometheusConfig({
      scrapeIntervalSeconds: 5,
      evaluationIntervalSeconds: 5,
      ruleFiles: [],
      jobs: localJobs()
        .filter((job) => job.key === 'prometheus')
        .map((job) => ({ job, targets: ['127.0.0.1:9090'] })),
      alertmanager: '127.0.0.1:9091',
      ...(externalLabels ? { externalLabels } : {}),
    }),
  ) as Config;

describe("npm start's Prometheus as one of a pair", () => {
  it("takes cluster and replica from the stack's variables, and nothing when neither is set", () => {
    expect(prometheusExternalLabels({})).toBeUndefined();
    expect(prometheusExternalLabels({ PORTTRACK_CLUSTER: 'stack-check', PROMETHEUS_REPLICA: 'a' })).toEqual({
      cluster: 'stack-check',
      replica: 'a',
    });
    expect(prometheusExternalLabels({ PROMETHEUS_REPLICA: 'b' })).toEqual({ cluster: 'local', replica: 'b' });
    expect(prometheusExternalLabels({ PORTTRACK_CLUSTER: 'porttrack' })).toEqual({ cluster: 'porttrack' });
    expect(() => prometheusExternalLabels({ PROMETHEUS_REPLICA: 'a b' })).toThrow(
      "PROMETHEUS_REPLICA=a b: expected letters, digits, '.', '_' or '-' (e.g. a)",
    );
  });

  it('renders the external labels and drops the replica from alerts, as the stack does', () => {
    const plain = render();
    expect(plain.global.external_labels).toBeUndefined();
    expect(plain.alerting?.alert_relabel_configs).toBeUndefined();
    const pair = render({ cluster: 'stack-check', replica: 'a' });
    expect(pair.global.external_labels).toEqual({ cluster: 'stack-check', replica: 'a' });
    expect(pair.alerting?.alert_relabel_configs).toEqual([{ action: 'labeldrop', regex: 'replica' }]);
    // A cluster alone stays on alerts (alerts keep `cluster` in the stack too).
    expect(render({ cluster: 'c' }).alerting?.alert_relabel_configs).toBeUndefined();
  });
});
