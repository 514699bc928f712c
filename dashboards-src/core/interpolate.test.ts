import { expect, it } from 'vitest';
import { durationMs, interpolate } from './interpolate.ts';

it('expands Grafana variables the way the datasource receives them', () => {
  const values = { rateInterval: '30s', interval: '15s', range: '2h', variables: { instance: 'api-1:3000' } };
  expect(
    interpolate(
      'rate(x{instance=~"$instance",a="${env}"}[$__rate_interval]) [$__interval] [$__range] $__range_s',
      values,
    ),
  ).toBe('rate(x{instance=~"api-1:3000",a=".*"}[30s]) [15s] [2h] 7200');
});

it('reads simple durations', () => {
  expect(durationMs('5m')).toBe(300_000);
  expect(() => durationMs('1h30m')).toThrow('not a simple duration');
});
