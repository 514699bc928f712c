import type { Check, Problem } from '../lib/validation.ts';
import type { RulesModel } from '../rules/checks/model.ts';
import { deployedRouting } from '../rules/routing/deployments.ts';
import { type InhibitionCase, inhibitionCases } from '../rules/routing/inhibition-cases.ts';
import {
  equivalentMutants,
  type RoutingConfig,
  type RoutingMutant,
  routingMutants,
} from '../rules/routing/mutants.ts';
import type { RouteCase } from '../rules/routing/route-cases.ts';
import { startRoutingAlertmanager } from './routing-behaviour.ts';

export interface KilledMutant {
  what: string;
  /** The cases that rejected it ("route: ...", "inhibition: ..."); empty for a survivor. */
  killedBy: string[];
}

export interface RoutingCases {
  routeCases: readonly RouteCase[];
  inhibitionCases: readonly InhibitionCase[];
}

/** Runs every route and inhibition case against one mutant, in its own Alertmanager. */
async function casesRejecting(mutant: RoutingMutant, model: RulesModel, cases: RoutingCases) {
  const am = await startRoutingAlertmanager(mutant.config, model);
  try {
    const killedBy: string[] = [];
    for (const c of cases.routeCases) if ((await am.routeCase(c)).length) killedBy.push(`route: ${c.name}`);
    for (const c of cases.inhibitionCases)
      if ((await am.inhibitionCase(c)).length) killedBy.push(`inhibition: ${c.name}`);
    return killedBy;
  } finally {
    await am.stop();
  }
}

/**
 * Each mutant of `config` (rules/routing/mutants.ts) and the cases that caught it, `parallel` at a
 * time: an Alertmanager mostly idles while a case waits out a mute that does not come.
 */
export async function runRoutingMutants(
  model: RulesModel,
  config: RoutingConfig = deployedRouting(),
  cases: RoutingCases = { routeCases: model.routeCases, inhibitionCases },
  parallel = 3,
): Promise<KilledMutant[]> {
  const mutants = routingMutants(config);
  const results: KilledMutant[] = new Array(mutants.length);
  let next = 0;
  const worker = async () => {
    while (next < mutants.length) {
      const i = next++;
      const mutant = mutants[i] as RoutingMutant;
      results[i] = { what: mutant.what, killedBy: await casesRejecting(mutant, model, cases) };
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

/** Each mutant and the cases that caught it, or why it is equivalent, one block per mutant. */
export const mutationReport = (
  results: readonly KilledMutant[],
  equivalents: Readonly<Record<string, string>> = equivalentMutants,
) =>
  results
    .map(({ what, killedBy }) =>
      killedBy.length
        ? `caught    ${what}\n${killedBy.map((k) => `          by ${k}\n`).join('')}`
        : `survived  ${what}\n          ${equivalents[what] ? `equivalent: ${equivalents[what]}` : 'NOT CAUGHT'}\n`,
    )
    .join('') +
  `${results.filter((m) => m.killedBy.length).length} of ${results.length} routing mutants caught\n`;

const source = 'rules/routing/alertmanager-config.ts';
const mutantsFile = 'rules/routing/mutants.ts';

/**
 * What the mutation run says is wrong: a mutant no case caught (unless it is listed as
 * equivalent), and a listed equivalent that a case caught or that is no longer made.
 */
export function mutationProblems(
  results: readonly KilledMutant[],
  equivalents: Readonly<Record<string, string>> = equivalentMutants,
): Problem[] {
  const made = new Set(results.map((m) => m.what));
  return [
    ...results.flatMap((m): Problem[] => {
      if (!m.killedBy.length && !(m.what in equivalents))
        return [
          {
            file: source,
            where: m.what,
            message:
              'every route case (rules/routing/route-cases.ts) and inhibition case (rules/routing/inhibition-cases.ts) still passes; add a case that depends on it',
          },
        ];
      if (m.killedBy.length && m.what in equivalents)
        return [
          {
            file: mutantsFile,
            where: m.what,
            message: `listed as equivalent, but ${m.killedBy.join('; ')} caught it: delete it from equivalentMutants`,
          },
        ];
      return [];
    }),
    ...Object.keys(equivalents)
      .filter((what) => !made.has(what))
      .map((what) => ({
        file: mutantsFile,
        where: what,
        message:
          'listed as equivalent, but no such mutant is made any more: delete it from equivalentMutants',
      })),
  ];
}

/**
 * `npm run validate`: route and inhibition cases that catch a broken routing. Each route with a
 * receiver changed or a matcher dropped, and each inhibition with a matcher dropped or its
 * `equal` emptied, must fail some case in the real Alertmanager (or be a listed equivalent).
 */
export const routingMutationCheck = (model: RulesModel): Check => ({
  name: 'route and inhibition cases catch a broken routing (mutation check, Alertmanager)',
  run: async () => mutationProblems(await runRoutingMutants(model)),
});
