// `tsx scripts/ci/coverage-summary.ts coverage/coverage-summary.json "Node 20"`: the coverage
// totals as a Markdown table for a GitHub job summary (test.yml appends it to $GITHUB_STEP_SUMMARY).
import { readFile } from 'node:fs/promises';

interface Metric {
  total: number;
  covered: number;
  pct: number | string;
}
type Summary = Record<string, Record<'lines' | 'statements' | 'functions' | 'branches', Metric>>;

export function coverageTable(summary: Summary, title: string): string {
  const total = summary.total;
  if (!total) throw new Error('coverage summary has no "total" entry');
  const rows = (['lines', 'statements', 'functions', 'branches'] as const).map((key) => {
    const m = total[key];
    return `| ${key} | ${m.pct}% | ${m.covered} / ${m.total} |`;
  });
  return [
    `### Coverage (${title})`,
    '',
    '| metric | covered | count |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file = 'coverage/coverage-summary.json', title = 'tests'] = process.argv.slice(2);
  const summary = JSON.parse(await readFile(file, 'utf8')) as Summary;
  console.log(coverageTable(summary, title));
}
