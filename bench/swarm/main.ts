// `npm run bench -- swarm`: runs `npm run test:swarm` (the stack deployed for real on this
// machine's Swarm) and keeps its record (image sizes and build times, convergence, each check)
// in bench/results/swarm.json. A run, not rounds: deploying a stack five times to take a median
// of its convergence would measure the machine's load more than the stack.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { environment, writeResults } from '../lib/results.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'porttrack-bench-swarm-'));
const file = join(dir, 'swarm.json');
const run = spawnSync('npm', ['run', 'test:swarm'], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: { ...process.env, SWARM_RESULTS_FILE: file },
});
let record: unknown;
try {
  record = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.error('test:swarm wrote no results: nothing to keep');
  process.exit(1);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const written = await writeResults('swarm', {
  ...environment(),
  test_swarm_exit_code: run.status,
  ...(record as object),
});
console.log(`swarm: figures in ${written}`);
process.exit(run.status === 0 ? 0 : 1);
