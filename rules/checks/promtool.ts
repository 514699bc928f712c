import { join } from 'node:path';
import type { Check, Problem } from '../../lib/validation.ts';
import { ruleFilePath } from '../build/render-rules.ts';
import { testFilePath } from '../build/render-tests.ts';
import type { RuleFileSpec } from '../build/types.ts';
import { runTool } from './exec.ts';
import type { RulesModel } from './model.ts';
import { withRendered } from './rendered.ts';

const ruleNames = (file: RuleFileSpec) => [
  ...file.records.map((r) => r.record),
  ...file.alerts.map((a) => a.name),
];

/** The rules of `file` that an error text mentions (longest names first, so `FooBar` beats `Foo`). */
function mentioned(file: RuleFileSpec, text: string): string | undefined {
  const found = ruleNames(file)
    .sort((a, b) => b.length - a.length)
    .filter((name) => new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(text));
  return found.length ? [...new Set(found)].join(', ') : undefined;
}

const failureText = (output: string) =>
  output
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() && !/^(Checking|Unit Testing:)/.test(line.trim()))
    .join('\n');

/** `promtool check rules`, one generated file at a time so each failure maps to its source. */
export const promtoolCheckRules = (model: RulesModel): Check => ({
  name: 'promtool check rules',
  run: () =>
    withRendered(model, async (dir) => {
      const problems: Problem[] = [];
      for (const file of model.files) {
        const generated = ruleFilePath(file.domain);
        const result = await runTool('promtool', ['check', 'rules', join(dir, generated)]);
        if (result.code !== 0) {
          const text = failureText(result.output.replaceAll(dir + '/', ''));
          problems.push({
            file: file.source,
            where: mentioned(file, text),
            message: `promtool check rules ${generated}: ${text}`,
          });
        }
      }
      return problems;
    }),
});

/** `promtool test rules` on the generated unit tests; each failing alert is named. */
export const promtoolTestRules = (model: RulesModel): Check => ({
  name: 'promtool test rules',
  run: () =>
    withRendered(model, async (dir) => {
      const problems: Problem[] = [];
      for (const file of model.files.filter((f) => f.alerts.length)) {
        const generated = testFilePath(file.domain);
        const result = await runTool('promtool', ['test', 'rules', join(dir, generated)]);
        if (result.code === 0) continue;
        const text = failureText(result.output.replaceAll(dir + '/', ''));
        const failing = [...new Set([...text.matchAll(/alertname: (\w+)/g)].map((m) => m[1]))];
        problems.push({
          file: file.source,
          where: failing.length ? failing.join(', ') : mentioned(file, text),
          message: `promtool test rules ${generated} failed:\n${text}`,
        });
      }
      return problems;
    }),
});
