import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Benchmarks are the folders of `dir` holding a main.ts, in name order. */
export function findBenchmarks(dir: string): { name: string; entry: string }[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'main.ts')))
    .map((d) => ({ name: d.name, entry: join(dir, d.name, 'main.ts') }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
