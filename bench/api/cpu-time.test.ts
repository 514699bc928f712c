import { describe, expect, it } from 'vitest';
import { cpuSeconds } from './cpu-time.ts';

describe('cpuSeconds', () => {
  it('agrees with the CPU time Node reports for this process', async () => {
    const procBefore = await cpuSeconds(process.pid);
    const usageBefore = process.cpuUsage();
    // Burn 200 ms of CPU (however long the busy machine takes to give it, at most 10 s).
    const deadline = performance.now() + 10_000;
    const burnt = () => {
      const u = process.cpuUsage(usageBefore);
      return (u.user + u.system) / 1e6;
    };
    while (burnt() < 0.2 && performance.now() < deadline);
    const usage = burnt();
    const proc = (await cpuSeconds(process.pid)) - procBefore;
    expect(usage).toBeGreaterThanOrEqual(0.2);
    // /proc counts in clock ticks (10 ms): allow a few of them.
    expect(Math.abs(proc - usage)).toBeLessThan(0.05);
  });

  it('refuses a process that does not exist', async () => {
    await expect(cpuSeconds(2 ** 30)).rejects.toThrow();
  });
});
