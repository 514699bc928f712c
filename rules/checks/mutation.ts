import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Check, Problem } from '../../lib/validation.ts';
import { renderRuleFile, ruleFilePath, type RenderOptions } from '../build/render-rules.ts';
import { renderTestFile, testFilePath } from '../build/render-tests.ts';
import { runTool } from './exec.ts';
import { allAlerts, type RulesModel } from './model.ts';
import { type Mutant, type Mutation, mutationsOf } from './mutants.ts';

/**
 * Runs the alert's own promtool tests (generated from the unbroken alert) against a rule file
 * holding the mutant. Killed: some test failed on an assertion (promtool printed what it got).
 */
async function killed(mutant: Mutant, options: RenderOptions, dir: string): Promise<boolean> {
  const { file, original, mutated } = mutant;
  const rules = { ...file, alerts: file.alerts.map((a) => (a === original ? mutated : a)) };
  // The alert's tests only: the recordings' own tests test no alert (and a day-long one takes a minute).
  const tests = { ...file, records: [], alerts: [original] };
  const rulePath = join(dir, ruleFilePath(file.domain));
  const testPath = join(dir, testFilePath(file.domain));
  await mkdir(dirname(rulePath), { recursive: true });
  await mkdir(dirname(testPath), { recursive: true });
  await writeFile(rulePath, renderRuleFile(rules, options));
  await writeFile(testPath, renderTestFile(tests, options));
  const result = await runTool('promtool', ['test', 'rules', testPath]);
  if (result.code === 0) return false;
  // A rule promtool cannot load would "fail" every test without testing anything.
  if (!/\bgot:/.test(result.output))
    throw new Error(`promtool could not run the mutant (${mutant.what}):\n${result.output.trim()}`);
  return true;
}

export interface MutationReport {
  mutations: number;
  mutants: number;
  /** Mutations none of whose mutants any test rejected (or that had no input to try). */
  survivors: Mutation[];
}

/** Builds every alert's mutations and runs each mutant against the alert's tests, `parallel` at a time. */
export async function runMutations(model: RulesModel, parallel = 2): Promise<MutationReport> {
  // As generated: the runbook link reads Prometheus' external label.
  const options: RenderOptions = {};
  const mutations = (
    await Promise.all(allAlerts(model).map(({ file, alert }) => mutationsOf(file, alert, options)))
  ).flat();
  const mutants = mutations.flatMap((m) => m.mutants);
  const caught = new Set<Mutant>();
  let next = 0;
  const worker = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'porttrack-mutant-'));
    try {
      while (next < mutants.length) {
        const mutant = mutants[next++] as Mutant;
        if (await killed(mutant, options, dir)) caught.add(mutant);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return {
    mutations: mutations.length,
    mutants: mutants.length,
    survivors: mutations.filter((m) => !m.mutants.some((x) => caught.has(x))),
  };
}

/**
 * `npm run validate`: tests that catch a broken rule. Every alert's promtool tests must reject
 * the alert without its `for:` and with each threshold moved past their inputs.
 */
export const mutationCheck = (model: RulesModel): Check => ({
  name: 'promtool tests catch a broken rule (mutation check)',
  run: async () => {
    const report = await runMutations(model);
    return report.survivors.map((m): Problem => ({
      file: m.file.source,
      where: m.alert.name,
      message: m.mutants.length
        ? `${m.alert.name} ${m.what} (${m.mutants.map((x) => x.what).join('; ')}): every promtool test still passes; add or change a test case that depends on it`
        : `${m.alert.name} ${m.what}: no test input reaches this threshold, so no move of it can be tried; add an input that does`,
    }));
  },
});
