import { describe, expect, it } from 'vitest';
import { benchRunEnv, writeResults } from './results.ts';

describe('writeResults', () => {
  it('refuses to write bench/results/ outside `npm run bench`', async () => {
    expect(process.env[benchRunEnv]).toBeUndefined();
    await expect(writeResults('never-written', {})).rejects.toThrow(/only by `npm run bench`/);
  });
});
