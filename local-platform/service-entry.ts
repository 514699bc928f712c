// Child-process entry for one service of the local platform: `node --import tsx
// service-entry.ts <module> <export>`. Starts it with process.env, reports {type: 'ready', url,
// port} (or {type: 'missing' | 'failed', reason}) to the parent over IPC, and stops it cleanly
// on SIGTERM/SIGINT or when the parent goes away.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../lib/generated.ts';
import type { RunningService } from '../lib/service.ts';

type Start = (env: NodeJS.ProcessEnv) => Promise<RunningService>;

const [modulePath, exportName] = process.argv.slice(2);
const report = (message: Record<string, unknown>) =>
  new Promise<void>((done) => (process.send ? process.send(message, () => done()) : done()));

async function load(): Promise<Start | string> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolve(repoRoot, modulePath ?? '')).href)) as Record<string, unknown>;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes(modulePath ?? '')) {
      return `${modulePath} does not exist yet`;
    }
    throw err;
  }
  const start = mod[exportName ?? ''];
  return typeof start === 'function' ? (start as Start) : `${modulePath} does not export ${exportName}() yet`;
}

let running: RunningService | undefined;
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  try {
    await running?.stop();
  } finally {
    process.exit(code);
  }
};
process.once('SIGTERM', () => void stop(0));
process.once('SIGINT', () => void stop(0));
process.once('disconnect', () => void stop(0));

try {
  const start = await load();
  if (typeof start === 'string') {
    await report({ type: 'missing', reason: start });
    process.exit(0);
  }
  running = await start(process.env);
  await report({ type: 'ready', url: running.url, port: running.port });
} catch (err) {
  const e = err as Error & { problems?: string[] };
  await report({ type: 'failed', reason: e.problems ? e.message : (e.stack ?? String(err)) });
  process.exit(1);
}
