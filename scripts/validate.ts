// `npm run validate`: everything CI checks before a deploy. Exits 1 and names the file and
// the rule or panel for each problem.
import { openApiChecks } from '../api/openapi/lint.ts';
import { dashboardChecks } from '../dashboards-src/validate.ts';
import { routingMutationCheck } from '../local-platform/routing-mutation.ts';
import { realModel } from '../rules/checks/model.ts';
import { rulesChecks } from '../rules/validate.ts';
import { deploymentFreeChecks } from './deployment-free.ts';
import { opsChecks } from './ops-checks/validate.ts';
import { type Check, formatProblem } from '../lib/validation.ts';

const checks: Check[] = [
  ...rulesChecks(),
  // Needs the real Alertmanager, which the rules' own checks (rules/ imports lib/ only) cannot start.
  routingMutationCheck(realModel()),
  ...dashboardChecks(),
  ...opsChecks(),
  ...openApiChecks(),
  ...deploymentFreeChecks(),
];
let failures = 0;
for (const check of checks) {
  const started = performance.now();
  const problems = await check.run();
  const ms = Math.round(performance.now() - started);
  console.log(`${problems.length ? 'FAIL' : 'ok  '} ${check.name} (${ms} ms)`);
  for (const problem of problems) console.log(`     ${formatProblem(problem)}`);
  failures += problems.length;
}
console.log(failures ? `validate: ${failures} problem(s)` : `validate: all ${checks.length} checks passed`);
process.exit(failures ? 1 : 0);
