import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';

export const resultsDir = resolve(import.meta.dirname, '..', 'results');

/**
 * Set by `npm run bench` (bench/run.ts) for the benchmarks it starts. Only `npm run bench` writes
 * bench/results/ (the figures there are committed): tests and ad-hoc runs write elsewhere.
 */
export const benchRunEnv = 'PORTTRACK_BENCH_RUN';

/** Where and on what a benchmark ran, recorded beside its figures. */
export function environment() {
  const cpu = cpus();
  return {
    generated_at: new Date().toISOString(),
    client_node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpu.length,
    cpu_model: cpu[0]?.model ?? 'unknown',
    /** 1, 5 and 15-minute load averages when the figures were written: the machine may be shared. */
    load_average: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/**
 * Writes `bench/results/<name>.json` (stable key order as given, two-space indent). Refuses
 * unless started by `npm run bench`, so no test or stray script rewrites the committed figures.
 */
export async function writeResults(name: string, data: unknown): Promise<string> {
  if (process.env[benchRunEnv] !== '1')
    throw new Error(
      `bench/results/${name}.json is written only by \`npm run bench\` (run \`npm run bench -- ${name}\`)`,
    );
  const file = resolve(resultsDir, `${name}.json`);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
