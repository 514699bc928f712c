import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import type { SeriesInput } from '../build/types.ts';
import { runTool } from './exec.ts';

export interface Query {
  expr: string;
  /** Evaluation time, e.g. `5m`. */
  at: string;
}

/**
 * The values each query's expression takes on a promtool test input, read from promtool itself
 * in one run: a `promql_expr_test` that expects no samples fails and prints the samples it got
 * (each query's samples are tagged with a `__q` label to tell them apart). Returns, per query,
 * the finite values (NaN from 0/0 is left out); none where the expression is empty. `ruleFile`
 * (YAML text) supplies the recording rules the expressions may use.
 */
export async function evaluateOnInput(
  queries: readonly Query[],
  input: readonly SeriesInput[],
  options: { ruleFile: string; interval: string; evaluationInterval: string },
): Promise<number[][]> {
  const dir = await mkdtemp(join(tmpdir(), 'porttrack-eval-'));
  try {
    await writeFile(join(dir, 'rules.yml'), options.ruleFile);
    const test = {
      rule_files: ['rules.yml'],
      evaluation_interval: options.evaluationInterval,
      tests: [
        {
          interval: options.interval,
          input_series: input,
          promql_expr_test: queries.map((q, i) => ({
            expr: `label_replace(${q.expr}, "__q", "${i}", "", "")`,
            eval_time: q.at,
            exp_samples: [],
          })),
        },
      ],
    };
    await writeFile(join(dir, 'test.yml'), dump(test, { lineWidth: -1, noRefs: true }));
    const result = await runTool('promtool', ['test', 'rules', 'test.yml'], dir);
    const values: number[][] = queries.map(() => []);
    if (result.code === 0) return values;
    const got = [...result.output.matchAll(/^\s*got: (.*)$/gm)];
    if (!got.length) throw new Error(`promtool could not evaluate the queries:\n${result.output.trim()}`);
    for (const line of got)
      for (const sample of parseSamples(line[1] as string)) values[sample.query]?.push(sample.value);
    return values;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `{__q="0", a="x"} 2.5E+01, {__q="1", a="y"} 5E+00` -> finite values with their query index. */
export function parseSamples(text: string): { query: number; value: number }[] {
  return [...text.matchAll(/__q="(\d+)"[^}]*\} (\S+?)(?:,|$)/g)]
    .map((m) => ({ query: Number(m[1]), value: Number(m[2]) }))
    .filter((s) => Number.isFinite(s.value));
}
