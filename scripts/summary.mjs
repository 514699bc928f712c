// Prints vitest's result as the plain line CI reads: "N passed, N failed".
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/vitest.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  console.log(`vitest wrote no readable report at ${file}: ${err.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
// A file that fails to load has no failed test of its own: count it as one failure.
const brokenFiles = (report.testResults ?? []).filter(
  (suite) => suite.status === 'failed' && !suite.assertionResults?.some((test) => test.status === 'failed'),
).length;
console.log(`${report.numPassedTests} passed, ${report.numFailedTests + brokenFiles} failed`);
