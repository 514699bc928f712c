import { describe, expect, it } from 'vitest';
import { baseRecordings } from './backfill-recordings.ts';

const file = (rules: string) => ({
  name: 'x.rules.yml',
  content: `groups:\n  - name: g\n    rules:\n${rules}`,
});

describe('baseRecordings', () => {
  it('keeps the named recordings of scraped series, with their labels', () => {
    const rules = baseRecordings(
      [
        file(
          '      - record: a:b:rate5m\n        expr: sum(rate(x{job="j",instance="h:1"}[5m]))\n        labels:\n          slo: s\n' +
            '      - record: c:d:rate5m\n        expr: sum(rate(y[5m]))\n' +
            '      - alert: A\n        expr: up == 0\n',
        ),
      ],
      ['a:b:rate5m'],
    );
    expect(rules).toEqual([
      { record: 'a:b:rate5m', expr: 'sum(rate(x{job="j",instance="h:1"}[5m]))', labels: { slo: 's' } },
    ]);
  });

  it('refuses a recording that reads another recording (promtool would backfill it empty)', () => {
    expect(() =>
      baseRecordings([file('      - record: e:f:ratio\n        expr: a:b:rate5m / 2\n')], ['e:f:ratio']),
    ).toThrow(/recordings of recordings: e:f:ratio/);
  });
});
