import type { Check } from '../lib/validation.ts';
import { amtoolCheckConfig, amtoolRouteTests } from './checks/amtool.ts';
import { freshnessCheck } from './checks/freshness.ts';
import { labelValuesCheck } from './checks/label-values.ts';
import { lintCheck } from './checks/lint.ts';
import { metricNamesCheck } from './checks/metric-names.ts';
import { mutationCheck } from './checks/mutation.ts';
import { type RulesModel, realModel } from './checks/model.ts';
import { promqlParseCheck } from './checks/promql-parse.ts';
import { promtoolCheckRules, promtoolTestRules } from './checks/promtool.ts';
import { recordingNamesCheck } from './checks/recording-names.ts';
import { routingNamesCheck } from './checks/routing-names.ts';
import { runbooksCheck } from './checks/runbooks.ts';
import { silencesCheck } from './checks/silences.ts';
import { statedNumbersCheck } from './checks/stated-numbers.ts';
import { testCoverageCheck } from './checks/test-coverage.ts';

/** Everything `npm run validate` checks about rules, tests, runbooks and routing. */
export function rulesChecks(model: RulesModel = realModel()): Check[] {
  return [
    promqlParseCheck(model),
    metricNamesCheck(model),
    labelValuesCheck(model),
    lintCheck(model),
    recordingNamesCheck(model),
    testCoverageCheck(model),
    runbooksCheck(model),
    statedNumbersCheck(model),
    freshnessCheck(model),
    promtoolCheckRules(model),
    promtoolTestRules(model),
    mutationCheck(model),
    routingNamesCheck(model),
    silencesCheck(model),
    amtoolCheckConfig(model),
    amtoolRouteTests(model),
  ];
}
