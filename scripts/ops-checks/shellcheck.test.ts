import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';
import { shellcheckProblems, shellScripts } from './shellcheck.ts';

describe('shellcheck over the repository', () => {
  it('finds the shell scripts, extension or not, and none has a finding', async () => {
    const scripts = await shellScripts(repoRoot);
    expect(scripts).toEqual(
      expect.arrayContaining(['.ci/run', 'scripts/ensure-tools.sh', 'stack/scripts/deploy.sh']),
    );
    expect(await shellcheckProblems(repoRoot, scripts)).toEqual([]);
  });

  it('reports a finding with its file and line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 't12-shellcheck-'));
    try {
      await writeFile(join(dir, 'bad.sh'), '#!/bin/bash\ncd $1\necho done\n');
      const problems = await shellcheckProblems(dir, ['bad.sh']);
      expect(problems.map((p) => `${p.file} ${p.where}`)).toContain('bad.sh line 2:1');
      expect(problems.some((p) => p.message.includes('SC2164'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
