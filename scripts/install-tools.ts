import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../lib/generated.ts';

/**
 * `npm start` installs the programs it runs (Prometheus, Alertmanager, the exporters: the `start`
 * rows of scripts/tools/tools.txt) where it can, as root with apt-get, through the same
 * scripts/ensure-tools.sh as `npm test`, which says what it installs and how long it took.
 * Where it cannot, nothing is said here: each part that is then not running is named with its
 * apt-get line. A failed install is reported and the start goes on without those parts.
 */
export async function installMissingTools(say: (line: string) => void, signal?: AbortSignal): Promise<void> {
  const child = spawn('bash', [join(repoRoot, 'scripts/ensure-tools.sh'), 'start'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(signal ? { signal } : {}),
  });
  child.on('error', () => undefined);
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', say);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0 && !signal?.aborted)
    say(`ensure-tools exited with ${code}: starting without what it could not install`);
}
