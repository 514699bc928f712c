// `npx tsx dashboards-src/cli/validate-dashboards.ts`: only this area's checks of `npm run validate`.
import { formatProblem } from '../../lib/validation.ts';
import { dashboardChecks } from '../validate.ts';

let failures = 0;
for (const check of dashboardChecks()) {
  const problems = await check.run();
  console.log(`${problems.length ? 'FAIL' : 'ok  '} ${check.name}`);
  for (const problem of problems) console.log(`     ${formatProblem(problem)}`);
  failures += problems.length;
}
process.exit(failures ? 1 : 0);
