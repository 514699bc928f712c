import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  panelWidthPx,
  queryTiming,
  resolveVariables,
  roundIntervalMs,
} from './grafana-interval.ts';

const day = 86_400;

describe("Grafana's interval and step resolution", () => {
  it('rounds raw intervals as rangeutil.roundInterval does', () => {
    expect(roundIntervalMs(14)).toBe(10);
    expect(roundIntervalMs(17_499)).toBe(15_000);
    expect(roundIntervalMs(17_500)).toBe(20_000);
    expect(roundIntervalMs(632_636)).toBe(600_000);
    expect(roundIntervalMs(2_711_297)).toBe(3_600_000);
    expect(roundIntervalMs(4e10)).toBe(31_536_000_000);
  });

  it('gives a panel its width in pixels from the 24-column grid', () => {
    expect(panelWidthPx(24, 1920)).toBe(1920);
    expect(panelWidthPx(12, 1920)).toBe(956);
    expect(panelWidthPx(6, 1920)).toBe(474);
  });

  it('derives step, $__interval and $__rate_interval from the range and the panel width', () => {
    // 7 days over 956 px: 632.6 s raw, rounded to 10 min; rate interval max(600 + 15, 4 x 15).
    const week = queryTiming({ from: 1_000_000 - 7 * day, to: 1_000_000, maxDataPoints: 956, scrapeS: 15 });
    expect(week).toMatchObject({ stepS: 600, interval: '10m', rateInterval: '615s', range: '604800s' });
    expect(week.start % 600).toBe(0);
    expect(week.end).toBe(999_600);
    // A short range bottoms out at the scrape interval, and the rate interval at 4 scrapes.
    const hour = queryTiming({ from: 0, to: 3600, maxDataPoints: 1920, scrapeS: 15 });
    expect(hour).toMatchObject({ stepS: 15, interval: '15s', rateInterval: '1m' });
    // A panel's own minimum interval wins over a smaller computed one.
    expect(
      queryTiming({ from: 0, to: 7 * day, maxDataPoints: 956, scrapeS: 15, minIntervalS: day }).stepS,
    ).toBe(day);
  });

  it('resolves the global and template variables in a query', () => {
    const t = queryTiming({ from: 0, to: day, maxDataPoints: 956, scrapeS: 15 });
    expect(
      resolveVariables('rate(x{instance=~"$instance"}[$__rate_interval]) / $__interval_ms + $__range_s', t, {
        instance: '.*',
      }),
    ).toBe(`rate(x{instance=~".*"}[${t.rateInterval}]) / ${t.stepS * 1000} + 86400`);
    expect(formatDuration(7200)).toBe('2h');
    expect(formatDuration(90)).toBe('90s');
  });
});
