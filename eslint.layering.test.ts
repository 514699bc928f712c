import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './lib/generated.ts';

const eslint = new ESLint({ cwd: repoRoot });

/** The rule ids and messages ESLint reports for `code` as if it were the file at `path`. */
async function lint(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${path}` });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

const imports = (path: string, from: string) =>
  lint(path, `import { x } from '${from}';\nexport const y = x;\n`);

describe('layering (eslint.layering.js, in npm run lint)', () => {
  it('stops rules and dashboards importing each other', async () => {
    expect(await imports('rules/planted.ts', '../dashboards-src/generate.ts')).toEqual([
      expect.stringMatching(
        /^no-restricted-imports: .*rules\/ must not import dashboards-src\/: rules, dashboards and the scrape configuration import lib\/ only/,
      ),
    ]);
    expect(await imports('dashboards-src/panels/planted.ts', '../../rules/generate.ts')).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*dashboards-src\/ must not import rules\/: /),
    ]);
  });

  it('stops the notifier importing dashboards or rules (the digest once imported dashboards-src/refs.ts)', async () => {
    expect(await imports('notifier/digest/planted.ts', '../../dashboards-src/core/links.ts')).toHaveLength(1);
    expect(await imports('notifier/planted.ts', '../rules/build/annotations.ts')).toHaveLength(1);
  });

  it('stops lib/ importing anything above it, and services importing each other', async () => {
    expect(await imports('lib/monitoring/planted.ts', '../../rules/build/types.ts')).toEqual([
      expect.stringMatching(/lib\/ must not import rules\/: lib\/ is the bottom layer/),
    ]);
    expect(await imports('lib/planted.ts', '../api/server.ts')).toHaveLength(1);
    expect(await imports('exporters/planted.ts', '../notifier/config.ts')).toEqual([
      expect.stringMatching(/exporters\/ must not import notifier\/: a service imports lib\/ only/),
    ]);
  });

  it('stops code that ships importing tests/, bench/ or scripts/', async () => {
    for (const [path, from] of [
      ['api/domain/planted.ts', '../../tests/e2e/support/promtool.ts'],
      ['notifier/planted.ts', '../bench/run.ts'],
      ['rules/checks/planted.ts', '../../local-platform/platform.ts'],
      ['dashboards-src/planted.ts', '../tests/e2e/support/anchorage.ts'],
      ['scrape/planted.ts', '../rules/generate.ts'],
    ])
      expect(await imports(path as string, from as string), `${path} -> ${from}`).toHaveLength(1);
  });

  it('lets every layer import lib/, and keeps the named exceptions to their own files', async () => {
    expect(await imports('rules/planted.ts', '../lib/monitoring/index.ts')).toEqual([]);
    expect(await imports('dashboards-src/panels/planted.ts', '../../lib/monitoring/index.ts')).toEqual([]);
    expect(await imports('notifier/digest/planted.ts', '../../lib/monitoring/index.ts')).toEqual([]);
    expect(await imports('api/probe-role.test.ts', '../synthetics/journeys/index.ts')).toEqual([]);
    expect(await imports('api/planted.test.ts', '../synthetics/journeys/index.ts')).toHaveLength(1);
  });

  it('keeps tests/ for tests: benches, scripts, drills and the local platform import modules named for what they are', async () => {
    for (const [path, from] of [
      ['bench/drills/main.ts', '../../tests/e2e/support/promtool.ts'],
      ['bench/swarm-drills/main.ts', '../../tests/swarm/edge-client.ts'],
      ['scripts/stack-check/check.ts', '../../tests/e2e/support/anchorage.ts'],
      ['drills/alert-timing/planted.ts', '../../tests/e2e/support/promtool.ts'],
      ['local-platform/planted.ts', '../scripts/start.ts'],
      ['local-swarm/planted.ts', '../drills/deploy-chaos/drills.ts'],
    ])
      expect(await imports(path as string, from as string), `${path} -> ${from}`).toHaveLength(1);
    expect(await imports('bench/drills/main.ts', '../../drills/alert-timing/drill.ts')).toEqual([]);
    expect(await imports('drills/deploy-chaos/planted.ts', '../../local-swarm/test-stack.ts')).toEqual([]);
    expect(await imports('tests/e2e/planted.test.ts', './support/promtool.ts')).toEqual([]);
  });

  it('keeps plan/ a tool: it reads generated output, its tests alone use the generators, nothing ships importing it', async () => {
    expect(await imports('plan/planted.ts', '../rules/generate.ts')).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*plan\/ must not import rules\/: /),
    ]);
    expect(await imports('plan/planted.ts', '../scripts/generated-files.ts')).toHaveLength(1);
    expect(await imports('plan/planted.test.ts', '../rules/generate.ts')).toEqual([]);
    expect(await imports('plan/planted.test.ts', '../tests/e2e/support/promtool.ts')).toHaveLength(1);
    expect(await imports('plan/planted.ts', '../lib/generated.ts')).toEqual([]);
    for (const path of ['api/planted.ts', 'rules/planted.ts', 'lib/planted.ts', 'scripts/planted.ts'])
      expect(await imports(path, '../plan/render-plan.ts'), path).toHaveLength(1);
  });

  it('stops an alert writing its for: as a literal', async () => {
    expect(await lint('rules/planted.ts', "export const a = { name: 'X', for: '5m' };\n")).toEqual([
      expect.stringMatching(/^no-restricted-syntax: .*lib\/monitoring\/thresholds\.ts/),
    ]);
  });
});
