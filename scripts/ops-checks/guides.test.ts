import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';
import { guideProblems, guidesProblems } from './guides.ts';

const fence = '```';
const guide = (shell: string, mermaid: string, links: string) =>
  [`# Guide`, '', `${fence}sh`, shell, fence, '', `${fence}mermaid`, mermaid, fence, '', links, ''].join(
    '\n',
  );

describe('the guides check', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 't12-guides-'));
    await mkdir(join(root, 'runbooks'), { recursive: true });
    await mkdir(join(root, 'stack/scripts'), { recursive: true });
    await writeFile(join(root, 'stack/scripts/deploy.sh'), '#!/bin/sh\n');
    await writeFile(join(root, 'runbooks/OTHER.md'), '# other\n');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('accepts npm scripts, repository files, documented tools, resolving links and a diagram that parses', async () => {
    await writeFile(
      join(root, 'runbooks/GOOD.md'),
      guide(
        'npm run validate\nsudo PORTTRACK_VERSION=1.0.0 stack/scripts/deploy.sh \\\n  --flag\ndocker service ls | grep api # comment\n# a comment line',
        'flowchart LR\n  a[nginx] --> b(api)',
        'See [other](OTHER.md#top) and [the site](https://example.org).',
      ),
    );
    expect(await guideProblems(root, 'runbooks/GOOD.md', { validate: 'x' })).toEqual([]);
  });

  it('names a missing npm script, a missing file, an unknown tool, a broken link and a diagram that does not parse', async () => {
    await writeFile(
      join(root, 'runbooks/BAD.md'),
      guide(
        'npm run deploy\nstack/scripts/gone.sh\nfrobnicate --now',
        'flowchart LR\n  a[nginx --> b(api',
        'See [missing](MISSING.md) and [outside](../../etc/passwd).',
      ),
    );
    const messages = (await guideProblems(root, 'runbooks/BAD.md', { validate: 'x' })).map((p) => p.message);
    expect(messages).toEqual([
      'npm run deploy: no such npm script',
      'stack/scripts/gone.sh: no such file in the repository',
      expect.stringMatching(/^frobnicate: not an npm script, a repository file or a documented tool/),
      expect.stringMatching(/^Mermaid: Parse error on line 2/),
      'MISSING.md: no such file',
      '../../etc/passwd leaves the repository',
    ]);
  });

  it('finds nothing wrong in the repository guides', async () => {
    expect(await guidesProblems(repoRoot)).toEqual([]);
  });
});
