import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';

export const resultsDir = resolve(import.meta.dirname, '..', 'results');

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

/** Writes `bench/results/<name>.json` (stable key order as given, two-space indent). */
export async function writeResults(name: string, data: unknown): Promise<string> {
  const file = resolve(resultsDir, `${name}.json`);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
