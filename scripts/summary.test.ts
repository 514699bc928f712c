// The "N passed, N failed" line CI reads (scripts/summary.mjs), and `.ci/run` counting only what
// this run wrote: a copy of .ci/run runs with an `npm` that writes no report (every step ends
// early), beside a stale report of an earlier run that must not be reprinted.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../lib/generated.ts';

const dir = mkdtempSync(join(tmpdir(), 'porttrack-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const summary = (...reports: string[]) =>
  execFileSync(process.execPath, [join(repoRoot, 'scripts/summary.mjs'), ...reports], { encoding: 'utf8' })
    .trim()
    .split('\n');
const report = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const vitestReport = (passed: number, failed: number, extra: object = {}) => ({
  numPassedTests: passed,
  numFailedTests: failed,
  success: failed === 0,
  testResults: [],
  ...extra,
});

describe('scripts/summary.mjs', () => {
  it('sums passed and failed over the reports given', () => {
    expect(summary(report('a.json', vitestReport(10, 0)), report('b.json', vitestReport(5, 2))).at(-1)).toBe(
      '15 passed, 2 failed',
    );
  });

  it('counts a missing, unreadable or foreign report as a failure, and names it', () => {
    const lines = summary(
      report('ok.json', vitestReport(3, 0)),
      join(dir, 'missing.json'),
      report('truncated.json', '{"numPassedTests": 4'),
      report('foreign.json', { hello: 'world' }),
    );
    expect(lines.at(-1)).toBe('3 passed, 3 failed');
    expect(lines.join('\n')).toContain(`vitest wrote no readable report at ${join(dir, 'missing.json')}`);
    expect(lines.join('\n')).toContain('foreign.json is not a vitest JSON report');
  });

  it('counts each --check as one passed or, named, one failed', () => {
    const lines = summary('--check', 'lint=0', '--check', 'format=1', report('one.json', vitestReport(2, 0)));
    expect(lines.at(-1)).toBe('3 passed, 1 failed');
    expect(lines).toContain('format: failed (exit code 1)');
  });

  it('counts a file that failed to load, and a run marked failed with no failed test', () => {
    const broken = vitestReport(7, 0, {
      success: false,
      testResults: [{ status: 'failed', assertionResults: [] }],
    });
    expect(summary(report('broken.json', broken)).at(-1)).toBe('7 passed, 1 failed');
    expect(summary(report('unhandled.json', vitestReport(7, 0, { success: false }))).at(-1)).toBe(
      '7 passed, 1 failed',
    );
  });

  it("counts a step that exited non-zero with a clean report (vitest's JSON after an unhandled error), named, once", () => {
    const clean = report('clean.json', vitestReport(4, 0));
    const lines = summary(`${clean}=1`);
    expect(lines.at(-1)).toBe('4 passed, 1 failed');
    expect(lines.join('\n')).toContain(`${clean}: its step exited with code 1 and no failed test`);
    expect(summary(`${clean}=0`).at(-1)).toBe('4 passed, 0 failed');
    // A failed test already counts the step: its exit code adds nothing.
    expect(summary(`${report('red.json', vitestReport(4, 2))}=1`).at(-1)).toBe('4 passed, 2 failed');
  });
});

describe('.ci/run', () => {
  it('starts from an empty test-results/: an early end never reprints the last run', () => {
    const checkout = join(dir, 'checkout');
    for (const sub of ['.ci', 'scripts', 'test-results', 'bin'])
      mkdirSync(join(checkout, sub), { recursive: true });
    copyFileSync(join(repoRoot, '.ci/run'), join(checkout, '.ci/run'));
    copyFileSync(join(repoRoot, 'scripts/summary.mjs'), join(checkout, 'scripts/summary.mjs'));
    writeFileSync(join(checkout, 'test-results/vitest.json'), JSON.stringify(vitestReport(455, 0)));
    // `npm ci` succeeds; every other step fails, the suites before vitest writes its report.
    writeFileSync(join(checkout, 'bin/npm'), '#!/bin/sh\n[ "$1" = ci ] && exit 0\nexit 1\n');
    chmodSync(join(checkout, 'bin/npm'), 0o755);
    const run = spawnSync('bash', [join(checkout, '.ci/run')], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${join(checkout, 'bin')}:${process.env.PATH}` },
    });
    expect(run.status).toBe(1);
    // lint and format:check fail too (every npm step but ci does): 2 checks and 4 missing reports.
    expect(run.stdout.trim().split('\n').at(-1)).toBe('0 passed, 6 failed');
    expect(run.stdout).toContain('lint: failed (exit code 1)');
    expect(existsSync(join(checkout, 'test-results/vitest.json'))).toBe(false);
  });
});
