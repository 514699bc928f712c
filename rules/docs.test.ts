import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashboardAnnotation } from '../lib/monitoring/index.ts';
import { repoRoot } from '../lib/generated.ts';
import { ruleFiles } from './rule-files.ts';

describe('docs/rules.md', () => {
  const doc = readFileSync(join(repoRoot, 'docs/rules.md'), 'utf8');
  const alerts = ruleFiles.flatMap((f) => f.alerts);
  it('lists every alert in the catalog table with its severity', () => {
    const missing = alerts
      .filter(
        (a) =>
          !new RegExp(
            `\\| \\[${a.name}\\]\\(\\.\\./runbooks/alerts/${a.name}\\.md\\) *\\| ${a.severity} +\\|`,
          ).test(doc),
      )
      .map((a) => a.name);
    expect(missing).toEqual([]);
  });

  it("gives each alert's dashboard link as its dashboard annotation", () => {
    const rows = doc.split('\n');
    const wrong = alerts
      .filter((a) => {
        const row = rows.find((line) => line.startsWith(`| [${a.name}](`));
        return !row?.includes(`| \`${dashboardAnnotation(a.dashboard)}\` `);
      })
      .map((a) => `${a.name}: ${dashboardAnnotation(a.dashboard)}`);
    expect(wrong).toEqual([]);
  });
});
