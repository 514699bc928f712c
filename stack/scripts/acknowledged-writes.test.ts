import { describe, expect, it } from 'vitest';
import { lossAfterRecovery, writeSteadily, type Ack } from './acknowledged-writes.ts';

const acked: Ack[] = [1, 2, 3, 4].map((id) => ({ id, ackedAt: 1000 * id }));

describe('lossAfterRecovery', () => {
  it('counts the writes missing and the seconds since the last one kept', () => {
    expect(lossAfterRecovery(acked, new Set([1, 2]), 6500)).toEqual({
      kept: 2,
      missing: 2,
      lostSeconds: 4.5,
      keptIsPrefix: true,
    });
  });
  it('reports a hole: a later write kept while an earlier one is lost', () => {
    expect(lossAfterRecovery(acked, new Set([1, 3]), 6500).keptIsPrefix).toBe(false);
  });
  it('counts from the first write when nothing came back', () => {
    expect(lossAfterRecovery(acked, new Set(), 6000)).toMatchObject({ kept: 0, missing: 4, lostSeconds: 5 });
  });
  it('reports nothing lost when every write came back', () => {
    expect(lossAfterRecovery(acked, new Set([1, 2, 3, 4, 99]), 4000)).toMatchObject({ missing: 0, lostSeconds: 0 });
  });
});

describe('writeSteadily', () => {
  it('logs every acknowledgement in order, for about the span asked', async () => {
    let next = 0;
    const log: Ack[] = [];
    const started = Date.now();
    await writeSteadily(async () => ++next, log, 250, 50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(log.map((a) => a.id)).toEqual(Array.from({ length: next }, (_, i) => i + 1));
    expect(log.length).toBeGreaterThanOrEqual(3);
  });
});
