import { describe, expect, it } from 'vitest';
import { SharedReads } from './shared-reads.ts';

/** A read per call of `read`, each answered by hand: `reads[i].answer(value)` or `.fail(error)`. */
function manualReads() {
  const reads: Array<{ key: string; answer: (v: number) => void; fail: (e: Error) => void }> = [];
  const shared = new SharedReads<string, number>(
    (key) =>
      new Promise<number>((answer, fail) => {
        reads.push({ key, answer, fail });
      }),
  );
  return { shared, reads };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SharedReads', () => {
  it('gives callers that ask before a read starts that one read', async () => {
    const { shared, reads } = manualReads();
    const asked = [shared.get('a'), shared.get('a'), shared.get('b')];
    await tick();
    expect(reads.map((r) => r.key)).toEqual(['a', 'b']);
    reads[0]!.answer(1);
    reads[1]!.answer(2);
    expect(await Promise.all(asked)).toEqual([1, 1, 2]);
    expect(shared.size).toBe(0);
  });

  it('never gives a caller a read already under way when it asked: it gets the next one', async () => {
    const { shared, reads } = manualReads();
    const early = shared.get('a');
    await tick();
    expect(reads).toHaveLength(1); // under way: a write may commit now, before the next callers ask
    const late = [shared.get('a'), shared.get('a')];
    await tick();
    expect(reads).toHaveLength(1); // they wait for it to end rather than run beside it
    reads[0]!.answer(1); // read before the write
    expect(await early).toBe(1);
    await tick();
    expect(reads).toHaveLength(2); // one read, sent after both asked, for both
    const later = shared.get('a'); // the second read is under way: this one waits for a third
    reads[1]!.answer(2);
    expect(await Promise.all(late)).toEqual([2, 2]);
    await tick();
    expect(reads).toHaveLength(3);
    reads[2]!.answer(3);
    expect(await later).toBe(3);
    expect(shared.size).toBe(0);
  });

  it('fails every caller of a failed read, and reads again for the next callers', async () => {
    const { shared, reads } = manualReads();
    const asked = [shared.get('a'), shared.get('a')];
    const waiting = (async () => {
      await tick();
      return shared.get('a'); // asks while the failing read is under way
    })();
    await tick();
    await tick();
    reads[0]!.fail(new Error('database away'));
    for (const p of asked) await expect(p).rejects.toThrow('database away');
    await tick();
    expect(reads).toHaveLength(2);
    reads[1]!.answer(7);
    expect(await waiting).toBe(7);
    expect(shared.size).toBe(0);
  });

  it('holds nothing once its reads have settled, however many keys were read', async () => {
    const shared = new SharedReads<number, number>(async (key) => key * 2);
    const keys = Array.from({ length: 1000 }, (_, i) => i);
    const values = await Promise.all(keys.flatMap((k) => [shared.get(k), shared.get(k)]));
    expect(values.filter((_, i) => i % 2 === 0)).toEqual(keys.map((k) => k * 2));
    expect(shared.size).toBe(0);
  });

  it('fails the callers when the read throws before it returns a promise', async () => {
    const shared = new SharedReads<string, number>(() => {
      throw new Error('bad statement');
    });
    await expect(shared.get('a')).rejects.toThrow('bad statement');
    expect(shared.size).toBe(0);
  });
});
