import { afterAll, beforeAll } from 'vitest';
import { type CraftedPortRun, runOnCraftedPort } from './crafted-port.ts';

/**
 * Registers the suite's hooks: before all tests, a fresh database with the crafted port and an
 * exporter refreshed over it (handed to `ready`); after all, everything stopped and dropped.
 */
export function useCraftedPort(name: string, ready: (run: CraftedPortRun) => void): void {
  let run: CraftedPortRun | undefined;
  beforeAll(async () => {
    run = await runOnCraftedPort(name);
    ready(run);
  });
  afterAll(async () => {
    await run?.stop();
  });
}
