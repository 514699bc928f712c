import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeCgroups } from './nodes.ts';

// A cgroup hierarchy stand-in: directories and files as cgroupfs shows them (rmdir of a cgroup
// works although it "contains" control files; here the files are real, so only empty leaves go).
const root = mkdtempSync(join(tmpdir(), 'porttrack-cgroups-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('removeCgroups', () => {
  it("removes the node's cgroup tree under every controller, deepest first, and nothing else", () => {
    for (const controller of ['cpu', 'memory', 'pids']) {
      mkdirSync(join(root, controller, 'node-1', 'docker', 'abc123'), { recursive: true });
      mkdirSync(join(root, controller, 'node-2', 'docker'), { recursive: true });
    }
    mkdirSync(join(root, 'unified', 'node-1'), { recursive: true });
    writeFileSync(join(root, 'cgroup.procs'), '');
    removeCgroups('node-1', root);
    for (const controller of ['cpu', 'memory', 'pids', 'unified'])
      expect(existsSync(join(root, controller, 'node-1'))).toBe(false);
    expect(existsSync(join(root, 'cpu', 'node-2', 'docker'))).toBe(true);
  });

  it('leaves a cgroup that cannot be removed and says nothing (teardown goes on)', () => {
    mkdirSync(join(root, 'cpu', 'node-3'), { recursive: true });
    writeFileSync(join(root, 'cpu', 'node-3', 'tasks'), '42\n');
    expect(() => removeCgroups('node-3', root)).not.toThrow();
    expect(existsSync(join(root, 'cpu', 'node-3'))).toBe(true);
  });

  it('refuses an empty name rather than walk the whole hierarchy', () => {
    expect(() => removeCgroups('', root)).toThrow(/node name/);
    expect(existsSync(join(root, 'cpu', 'node-2'))).toBe(true);
  });
});
