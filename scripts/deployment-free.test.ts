import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { environmentProblems, placeholderHosts, placeholderProblems } from './deployment-free.ts';

const dir = mkdtempSync(join(tmpdir(), 'porttrack-deployment-free-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generated files free of any deployment', () => {
  it("takes the host names among the stack file's defaults, not paths, times or images' tags", () => {
    expect(
      placeholderHosts([
        'https://porttrack.example/healthz',
        'smtp.porttrack.example:587',
        'oncall@porttrack.example',
        'https://git.example.com/porttrack/x/-/blob/main',
        '/var/lib/porttrack/acme',
        '02:30',
        'Europe/Madrid',
        '',
      ]),
    ).toEqual(['git.example.com', 'porttrack.example', 'smtp.porttrack.example']);
  });

  // `npm run validate` runs environmentProblems() on the real generators (two full generations).
  it('holds none of them today', async () => {
    expect(await placeholderProblems()).toEqual([]);
  }, 60_000);

  it('names a generated file that changes with a deployment variable (a planted generator)', async () => {
    mkdirSync(join(dir, 'stack'), { recursive: true });
    writeFileSync(join(dir, 'stack/docker-stack.yml'), 'x: ${RUNBOOK_BASE_URL:-https://git.example.com}\n');
    const script = join(dir, 'generator.ts');
    writeFileSync(
      script,
      `console.log(JSON.stringify({ 'stack/a.yml': 'same', 'stack/b.yml': process.env.RUNBOOK_BASE_URL ?? 'none' }));\n`,
    );
    const problems = await environmentProblems(dir, script);
    expect(problems.map((p) => p.file)).toEqual(['stack/b.yml']);
  }, 60_000);
});
