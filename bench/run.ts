import { spawn } from 'node:child_process';
import { findBenchmarks } from './lib/discover.ts';
import { missedGoalsExitCode } from './lib/goals.ts';
import { benchRunEnv } from './lib/results.ts';
import { formatTable } from './lib/table.ts';

// `npm run bench [-- name ...]`: runs every bench/<name>/main.ts one after another, each in its
// own process (so one benchmark's load never skews the next), and fails if any of them fails.
// The exporters' 10M-row step alone takes 6-17 minutes on two shared cores.
const timeoutS = Number(process.env.BENCH_TIMEOUT_S ?? 1800);
// Names pick benchmarks; anything after `--` goes to them (`npm run bench -- drills -- ApiDown`).
const dashDash = process.argv.indexOf('--', 2);
const wanted = process.argv.slice(2, dashDash < 0 ? undefined : dashDash);
const passOn = dashDash < 0 ? [] : process.argv.slice(dashDash + 1);
const all = findBenchmarks(import.meta.dirname);
const benchmarks = wanted.length ? all.filter((b) => wanted.includes(b.name)) : all;
if (benchmarks.length === 0) {
  console.error(
    wanted.length
      ? `no benchmark named ${wanted.join(', ')}; available: ${all.map((b) => b.name).join(', ') || 'none'}`
      : 'no benchmarks found (expected bench/<name>/main.ts)',
  );
  process.exit(1);
}

function runOne(entry: string, args: string[]): Promise<{ code: number; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      stdio: 'inherit',
      env: { ...process.env, [benchRunEnv]: '1' },
    });
    const timer = setTimeout(() => {
      console.error(
        `${entry} still running after ${timeoutS} s: stopping it (raise BENCH_TIMEOUT_S if it needs longer)`,
      );
      child.kill('SIGTERM');
    }, timeoutS * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 1 : 0), seconds: (Date.now() - started) / 1000 });
    });
  });
}

const outcomes: (string | number)[][] = [];
for (const [i, bench] of benchmarks.entries()) {
  console.log(`\n[${i + 1}/${benchmarks.length}] bench/${bench.name} ...`);
  const { code, seconds } = await runOne(bench.entry, passOn);
  const result =
    code === 0 ? 'ok' : code === missedGoalsExitCode ? 'GOAL(S) MISSED' : `failed (exit ${code})`;
  outcomes.push([bench.name, result, seconds]);
  console.log(`[${i + 1}/${benchmarks.length}] bench/${bench.name}: ${result} in ${seconds.toFixed(1)} s`);
}
console.log(`\n${formatTable(['benchmark', 'result', 'seconds'], outcomes)}`);
const missed = outcomes.filter((o) => o[1] === 'GOAL(S) MISSED');
const failed = outcomes.filter((o) => o[1] !== 'ok' && !missed.includes(o));
if (missed.length)
  console.error(
    `${missed.length} benchmark(s) missed goal(s): ${missed.map((o) => o[0]).join(', ')}; see their GOAL MISSED lines above`,
  );
if (failed.length)
  console.error(
    `${failed.length} benchmark(s) failed: ${failed.map((o) => o[0]).join(', ')}; see their output above`,
  );
if (missed.length || failed.length) process.exit(1);
