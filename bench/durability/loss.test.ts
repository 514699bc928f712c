import { describe, expect, it } from 'vitest';
import { lossOf } from './loss.ts';

const acks = [1, 2, 3, 4, 5].map((id) => ({ id, ackedAtMs: 1000 + id * 100 }));

describe('lossOf', () => {
  it('nothing lost: every acknowledged write recovered, the gap to the loss is the idle tail', () => {
    expect(lossOf(acks, new Set([1, 2, 3, 4, 5, 6]), 1600)).toEqual({
      missing: 0,
      lostSeconds: 0.1,
      outOfOrder: 0,
    });
  });

  it('the newest writes missing: counted, and the seconds run from the newest one recovered', () => {
    expect(lossOf(acks, new Set([1, 2, 3]), 2000)).toEqual({ missing: 2, lostSeconds: 0.7, outOfOrder: 0 });
  });

  it('a hole before a recovered write is reported as out of order', () => {
    expect(lossOf(acks, new Set([1, 3, 4]), 1500)).toEqual({ missing: 2, lostSeconds: 0.1, outOfOrder: 1 });
  });

  it('nothing recovered: the whole logged span is lost', () => {
    expect(lossOf(acks, new Set(), 1600)).toEqual({ missing: 5, lostSeconds: 0.5, outOfOrder: 0 });
  });
});
