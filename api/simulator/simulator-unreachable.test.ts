import { describe, expect, it } from 'vitest';
import { freePort } from '../../lib/net/free-port.ts';
import { startSimulator } from './simulator.ts';

describe('simulator with no API to talk to', () => {
  it('logs each failed tick with what happens next, and keeps going', async () => {
    const logs: string[] = [];
    const port = await freePort(); // nothing listens there
    const simulator = await startSimulator({
      apiUrl: `http://127.0.0.1:${port}`,
      password: 'irrelevant',
      tickMs: 3_600_000,
      log: (m) => logs.push(m),
    });
    try {
      const first = await simulator.tick();
      const second = await simulator.tick();
      expect(first.failures).toBe(1);
      expect(second.failures).toBe(1);
      expect(simulator.totals()).toMatchObject({ tick: 2, failures: 2, positions: 0 });
      expect(logs.filter((l) => /reading the port failed .*will retry on a later tick/.test(l))).toHaveLength(
        2,
      );
    } finally {
      await simulator.stop();
    }
  });
});
