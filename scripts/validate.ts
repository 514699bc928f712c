// `npm run validate`: everything CI checks before a deploy. Exits 1 and names the file and
// the rule or panel for each problem.
import { openApiChecks } from '../api/openapi/lint.ts';
import { dashboardChecks } from '../dashboards-src/validate.ts';
import { shortBacktestCheck } from '../drills/history/backtest/short-backtest.ts';
import { routingMutationCheck } from '../local-platform/routing-mutation.ts';
import { realModel } from '../rules/checks/model.ts';
import { rulesChecks } from '../rules/validate.ts';
import { deploymentFreeChecks } from './deployment-free.ts';
import { opsChecks } from './ops-checks/validate.ts';
import { type Check, formatProblem } from '../lib/validation.ts';

// The short backtest's Prometheus: VALIDATE_BACKTEST_PORT (22090; 0 for a free port).
const backtestPort = Number(process.env.VALIDATE_BACKTEST_PORT ?? 22090);
if (!Number.isInteger(backtestPort) || backtestPort < 0 || backtestPort > 65_535) {
  console.error(
    `VALIDATE_BACKTEST_PORT=${process.env.VALIDATE_BACKTEST_PORT}: expected a port, or 0 for a free one`,
  );
  process.exit(2);
}

const checks: Check[] = [
  ...rulesChecks(),
  // Needs the real Alertmanager, which the rules' own checks (rules/ imports lib/ only) cannot start.
  routingMutationCheck(realModel()),
  ...dashboardChecks(),
  ...opsChecks(),
  ...openApiChecks(),
  ...deploymentFreeChecks(),
  // Every alert replayed over a short day of generated history with the incidents placed in it.
  shortBacktestCheck({ port: backtestPort }),
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
