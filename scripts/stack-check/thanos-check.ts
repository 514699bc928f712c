// test.yml's stack-check job, after thanos-up.sh: asks Thanos Query (--query.replica-label=replica,
// over the sidecars of npm start's Prometheus, replica a, and of replica b) for a few series, with
// and without deduplication (dedup-check.ts): each once and without `replica` in the merged view,
// both replicas' series without it. Prints a Markdown report (the job appends it to its summary)
// and exits 1 on any problem. Runs only where Thanos runs: not on the development machine, where
// dedup-check.test.ts runs the same comparison on answers of real Prometheus processes.
import { setTimeout as sleep } from 'node:timers/promises';
import { recording } from '../../lib/monitoring/index.ts';
import { checkPair, pairReport, queryApi, stackPair } from './dedup-check.ts';

const env = process.env;
const thanos = env.THANOS_QUERY_URL ?? 'http://127.0.0.1:10904';
const timeoutMs = Number(env.THANOS_CHECK_TIMEOUT_SECONDS ?? 120) * 1000;
// `up`: every target, scraped by both replicas. slo:objective:ratio: a recording rule, evaluated by
// both from their first round. slo:sli_error:ratio_rate5m: a recording rule over the API's scraped
// requests, two series (one per SLO) once a replica has scraped the API twice.
const queries = ['up', recording.objective, recording.sliErrorRatio('5m')];

const ask = queryApi(thanos);
const started = Date.now();
let verdicts = await checkPair(ask, queries);
// Replica b started a minute after a: until it has scraped and evaluated, a series can be on a only.
while (verdicts.some((v) => v.problems.length) && Date.now() - started < timeoutMs) {
  await sleep(5000);
  verdicts = await checkPair(ask, queries);
}
const problems = verdicts.flatMap((v) => v.problems);
console.log(
  [
    '## Stack check: Thanos Query over the Prometheus pair',
    '',
    `Thanos Query at ${thanos} (\`--query.replica-label=${stackPair.replicaLabel}\`), replicas ` +
      `${stackPair.replicas.join(' and ')}; ${problems.length ? 'gave up' : 'all answers agreed'} after ` +
      `${((Date.now() - started) / 1000).toFixed(0)} s.`,
    '',
    ...pairReport(verdicts),
  ].join('\n'),
);
for (const problem of problems) console.error(`thanos-check: ${problem}`);
process.exit(problems.length ? 1 : 0);
