import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../lib/generated.ts';
import { ruleFiles } from './rule-files.ts';

describe('docs/rules.md', () => {
  const doc = readFileSync(join(repoRoot, 'docs/rules.md'), 'utf8');
  it('lists every alert in the catalog table with its severity', () => {
    const missing = ruleFiles
      .flatMap((f) => f.alerts)
      .filter(
        (a) =>
          !new RegExp(
            `\\| \\[${a.name}\\]\\(\\.\\./runbooks/alerts/${a.name}\\.md\\) *\\| ${a.severity} +\\|`,
          ).test(doc),
      )
      .map((a) => a.name);
    expect(missing).toEqual([]);
  });
});
