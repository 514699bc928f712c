import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBenchmarks } from './discover.ts';

const dir = mkdtempSync(join(tmpdir(), 'bench-discover-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('findBenchmarks', () => {
  it('finds folders with a main.ts, in name order, and nothing else', () => {
    for (const name of ['exporters', 'api', 'results', 'lib']) mkdirSync(join(dir, name));
    writeFileSync(join(dir, 'exporters', 'main.ts'), '');
    writeFileSync(join(dir, 'api', 'main.ts'), '');
    writeFileSync(join(dir, 'lib', 'table.ts'), '');
    writeFileSync(join(dir, 'run.ts'), '');
    expect(findBenchmarks(dir).map((b) => b.name)).toEqual(['api', 'exporters']);
    expect(findBenchmarks(dir)[0]?.entry).toBe(join(dir, 'api', 'main.ts'));
  });
});
