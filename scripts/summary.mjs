// Prints vitest's results as the plain line CI reads: "N passed, N failed", summed over every
// JSON report given (the main suite, the Swarm suites). A missing or unreadable report counts
// as one failure.
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length === 0) files.push('test-results/vitest.json');
let passed = 0;
let failed = 0;
for (const file of files) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    console.log(`vitest wrote no readable report at ${file}: ${err.message}`);
    failed += 1;
    continue;
  }
  // A file that fails to load has no failed test of its own: count it as one failure.
  const brokenFiles = (report.testResults ?? []).filter(
    (suite) => suite.status === 'failed' && !suite.assertionResults?.some((test) => test.status === 'failed'),
  ).length;
  passed += report.numPassedTests;
  failed += report.numFailedTests + brokenFiles;
}
console.log(`${passed} passed, ${failed} failed`);
