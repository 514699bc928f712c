import { describe, expect, it } from 'vitest';
import type { LoadResult } from './load.ts';
import { lossPercent, summariseRounds, type Measured } from './overhead.ts';

const run = (requests: number, duration_s: number, cpu_s: number): Measured => ({
  load: { requests, duration_s, rps: requests / duration_s } as LoadResult,
  cpu_s,
});

describe('summariseRounds', () => {
  it('weighs rounds by their requests and time, and derives CPU cost per request', () => {
    const summary = summariseRounds('/x', [
      { order: 'with-first', with: run(900, 1, 0.9), without: run(1000, 1, 0.8) },
      { order: 'without-first', with: run(1900, 2, 1.9), without: run(2000, 2, 1.6) },
    ]);
    expect(summary.with_rps).toBeCloseTo(2800 / 3, 6);
    expect(summary.without_rps).toBe(1000);
    expect(summary.loss_pct).toBeCloseTo(lossPercent(2800 / 3, 1000), 6);
    expect(summary.median_round_loss_pct).toBeCloseTo((10 + 5) / 2, 6);
    expect(summary.with_cpu_us_per_request).toBeCloseTo(1000, 6);
    expect(summary.without_cpu_us_per_request).toBeCloseTo(800, 6);
    expect(summary.cpu_overhead_pct).toBeCloseTo(25, 6);
    expect(summary.rounds[1]).toMatchObject({ order: 'without-first', with_rps: 950, without_rps: 1000 });
  });

  it('reports a gain as a negative loss', () => {
    expect(lossPercent(110, 100)).toBeCloseTo(-10, 6);
  });
});
