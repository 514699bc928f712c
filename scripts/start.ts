// `npm start`: PortTrack and everything that watches it, on this machine. See docs/local-stack.md.
import { defaultRunbookBaseUrl } from '../lib/monitoring/index.ts';
import { randomBytes } from 'node:crypto';
import { join, relative, resolve } from 'node:path';
import { repoRoot } from '../lib/generated.ts';
import { installMissingTools } from './install-tools.ts';
import { type Platform, startPlatform } from '../local-platform/platform.ts';
import { parsePortBase } from '../local-platform/ports.ts';
import { prometheusExternalLabels } from '../local-platform/external-labels.ts';
import { readySummary } from '../local-platform/summary.ts';
import { localStackTimings } from '../local-platform/timings.ts';
import { parseScenarios, type ScenarioName } from '../api/simulator/scenarios.ts';

const env = process.env;
const started = performance.now();
const say = (line: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}`);

let portBase: number;
let scenarios: ScenarioName[];
let externalLabels: Record<string, string> | undefined;
try {
  portBase = parsePortBase(env.PORTTRACK_PORT_BASE);
  scenarios = parseScenarios(env.SIMULATOR_SCENARIOS);
  externalLabels = prometheusExternalLabels(env);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const dataDir = resolve(env.PORTTRACK_DATA_DIR ?? join(repoRoot, '.data', `local-${portBase || 'free'}`));
const demoPassword = env.PORTTRACK_DEMO_PASSWORD || randomBytes(12).toString('base64url');

let platform: Platform | undefined;
let stoppingSince: number | undefined;
const starting = new AbortController();
const shutdown = async (signal: string) => {
  if (stoppingSince !== undefined) {
    // A terminal's Ctrl-C reaches us twice (the process group, and tsx relaying it): only a
    // second press, a moment later, means "now".
    if (Date.now() - stoppingSince < 1500) return;
    console.error('second signal: killing everything now');
    process.exit(1);
  }
  stoppingSince = Date.now();
  say(`${signal}: stopping everything`);
  // Still starting: startPlatform stops what is already up and rejects.
  if (!platform) return starting.abort();
  try {
    await platform?.stop();
    say('stopped; nothing is left running');
    process.exit(0);
  } catch (err) {
    console.error(`stop failed: ${(err as Error).message}`);
    process.exit(1);
  }
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

say(
  `starting PortTrack (ports from ${portBase || 'free ports'}, data in ${relative(process.cwd(), dataDir) || '.'})`,
);
try {
  if (env.PORTTRACK_INSTALL_TOOLS !== 'no') await installMissingTools(say, starting.signal);
  starting.signal.throwIfAborted();
  platform = await startPlatform({
    portBase,
    dataDir,
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    demoPassword,
    ...localStackTimings,
    simulator: { scenarios },
    runbookBaseUrl: env.RUNBOOK_BASE_URL || defaultRunbookBaseUrl,
    ...(externalLabels ? { prometheusExternalLabels: externalLabels } : {}),
    progress: say,
    signal: starting.signal,
  });
  say('ready');
  console.log(readySummary(platform, { dataDir, demoPassword }));
} catch (err) {
  if (starting.signal.aborted) {
    say('stopped before it was ready; nothing is left running');
    process.exit(0);
  }
  console.error(`PortTrack failed to start: ${(err as Error).message}`);
  console.error(`Logs of each part are in ${join(dataDir, 'logs')}.`);
  process.exit(1);
}
