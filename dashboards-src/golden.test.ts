import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { sloDashboard } from './dashboards/slos.ts';
import { dashboardFile } from './generate.ts';

/**
 * The SLO dashboard's JSON against a reviewed copy.
 * (The `.golden` extension keeps prettier from reformatting it.) A change in a factory, the layout or the SDK
 * shows up here as a diff to read, not only as a stale file. After an intended change:
 *   UPDATE_GOLDEN=1 NO_COLOR=1 npx vitest run dashboards-src/golden.test.ts
 * then review `git diff dashboards-src/__golden__` and commit it with the change.
 */
const golden = resolve(import.meta.dirname, '__golden__/porttrack-slo.json.golden');

it('generates the SLO dashboard exactly as the golden file', async () => {
  const { content } = dashboardFile(sloDashboard);
  if (process.env.UPDATE_GOLDEN) await writeFile(golden, content);
  expect(content).toBe(await readFile(golden, 'utf8'));
});
