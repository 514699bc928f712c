// Prints vitest's results as the plain line CI reads: "N passed, N failed", summed over every
// JSON report given (the main suite, the Swarm suites) and every `--check` (a step's exit code). A report that is missing, unreadable or
// not vitest's counts as one failure, and so does a run vitest marked failed without a failed
// test (no test file found): CI never reads a failed step as a pass. A report given as
// FILE=EXIT_CODE also counts one failure when its step exited non-zero with no failed test in
// the report: vitest's JSON says `success: true` after an unhandled error, its exit code does not.
import { readFileSync } from 'node:fs';

// `--check NAME=EXIT_CODE` (lint, formatting): one passed or one failed each, named when failed.
const args = process.argv.slice(2);
const checks = [];
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--check') checks.push(args[++i] ?? '');
  else files.push(args[i]);
}
if (files.length === 0) files.push('test-results/vitest.json');
let passed = 0;
let failed = 0;
for (const check of checks) {
  const [name, code] = check.split('=');
  if (code === '0') passed += 1;
  else {
    console.log(`${name || check}: failed (exit code ${code ?? 'missing'})`);
    failed += 1;
  }
}
for (const arg of files) {
  const [, file = arg, exitCode] = /^(.*)=(\d+)$/.exec(arg) ?? [];
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    console.log(`vitest wrote no readable report at ${file}: ${err.message}`);
    failed += 1;
    continue;
  }
  if (typeof report?.numPassedTests !== 'number' || typeof report?.numFailedTests !== 'number') {
    console.log(`${file} is not a vitest JSON report (no numPassedTests/numFailedTests)`);
    failed += 1;
    continue;
  }
  // A file that fails to load has no failed test of its own: count it as one failure.
  const brokenFiles = (report.testResults ?? []).filter(
    (suite) => suite.status === 'failed' && !suite.assertionResults?.some((test) => test.status === 'failed'),
  ).length;
  let failures = report.numFailedTests + brokenFiles;
  if (report.success === false && failures === 0) {
    console.log(`${file}: vitest marked the run failed without a failed test (an unhandled error?)`);
    failures = 1;
  }
  if (failures === 0 && exitCode !== undefined && exitCode !== '0') {
    console.log(
      `${file}: its step exited with code ${exitCode} and no failed test (an unhandled error, or a crash after the tests: see vitest's "Errors" above)`,
    );
    failures = 1;
  }
  passed += report.numPassedTests;
  failed += failures;
}
console.log(`${passed} passed, ${failed} failed`);
