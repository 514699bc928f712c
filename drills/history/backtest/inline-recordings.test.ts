import { describe, expect, it } from 'vitest';
import { inlineRecordings, type RecordingRule } from './inline-recordings.ts';

const rules: RecordingRule[] = [
  { record: 'slo:objective:ratio', expr: 'vector(0.999)', labels: { slo: 'a' } },
  { record: 'slo:objective:ratio', expr: 'vector(0.95)', labels: { slo: 'b' } },
  { record: 'slo:error_budget:ratio', expr: '1 - slo:objective:ratio{slo="a"}', labels: { slo: 'a' } },
  { record: 'job:up:max', expr: 'max by (job) (up)' },
];

describe('inlineRecordings', () => {
  it('inlines nested recordings with their static labels, choosing by matcher', () => {
    expect(inlineRecordings('slo:error_budget:ratio{slo="a"} > 0', rules)).toBe(
      'label_replace((1 - label_replace((vector(0.999)), "slo", "a", "", "")), "slo", "a", "", "") > 0',
    );
  });

  it('joins every rule a bare reference selects with or, and leaves raw metrics and strings alone', () => {
    expect(
      inlineRecordings('job:up:max == 0 and on() label_replace(up, "x", "job:up:max", "", "")', rules),
    ).toBe('(max by (job) (up)) == 0 and on() label_replace(up, "x", "job:up:max", "", "")');
    expect(inlineRecordings('slo:objective:ratio', rules)).toBe(
      '(label_replace((vector(0.999)), "slo", "a", "", "") or label_replace((vector(0.95)), "slo", "b", "", ""))',
    );
  });

  it('makes a range over a recording a subquery on the evaluation grid', () => {
    expect(inlineRecordings('sum_over_time(job:up:max[1d]) / 2', rules, { evaluationS: 60 })).toBe(
      'sum_over_time(((max by (job) (up)))[1d:60s]) / 2',
    );
    expect(
      inlineRecordings('avg_over_time(slo:objective:ratio{slo="b"}[ 3d ])', rules, { evaluationS: 15 }),
    ).toBe('avg_over_time((label_replace((vector(0.95)), "slo", "b", "", ""))[3d:15s])');
  });

  it('keeps a subquery over a recording as it is, the rule evaluated at each of its steps', () => {
    expect(
      inlineRecordings('sum_over_time(slo:objective:ratio{slo="a"}[86399999ms:5m]) / 2', rules, {
        evaluationS: 60,
      }),
    ).toBe('sum_over_time((label_replace((vector(0.999)), "slo", "a", "", ""))[86399999ms:5m]) / 2');
    expect(inlineRecordings('max_over_time(job:up:max[1h:1m])', rules)).toBe(
      'max_over_time(((max by (job) (up)))[1h:1m])',
    );
  });

  it('refuses what it cannot inline faithfully', () => {
    expect(() => inlineRecordings('avg_over_time(job:up:max[1d])', rules)).toThrow(/range over/);
    expect(() => inlineRecordings('slo:objective:ratio{slo=~"a"}', rules)).toThrow(/only label="value"/);
    expect(() => inlineRecordings('job:up:max{job="x"}', rules)).toThrow(/not a static label/);
    expect(() => inlineRecordings('slo:objective:ratio{slo="c"}', rules)).toThrow(/selects no recording/);
  });
});
