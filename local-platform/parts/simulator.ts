import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { type Simulator, startSimulator } from '../../api/simulator/simulator.ts';
import type { PartContext } from './context.ts';

/** The simulator moving the demo port through the API, in this process, its lines to simulator.log. */
export async function startDemoSimulator(ctx: PartContext, apiUrl: string): Promise<Simulator> {
  const log = createWriteStream(join(ctx.logs, 'simulator.log'), { flags: 'a' });
  let simulator: Simulator;
  try {
    simulator = await startSimulator({
      apiUrl,
      password: ctx.options.demoPassword,
      ...ctx.options.simulator,
      log: (message) => log.write(`${JSON.stringify({ time: new Date().toISOString(), msg: message })}\n`),
    });
  } catch (err) {
    log.end();
    throw err;
  }
  ctx.parts.add('simulator', {
    stop: async () => {
      await simulator.stop();
      log.end();
    },
  });
  ctx.say('simulator moving the demo port');
  return simulator;
}
