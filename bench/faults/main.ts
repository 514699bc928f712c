import { startFaultRig } from '../../api/testing/fault-rig.ts';
import {
  apiFaults,
  runFault,
  summarize,
  type ApiFault,
  type FaultRun,
} from '../../api/testing/fault-scenarios.ts';
import type { EndpointClass } from '../../api/testing/steady-load.ts';
import { exitForVerdicts, type Goal, judge, printVerdicts } from '../lib/goals.ts';
import { environment, writeResults } from '../lib/results.ts';
import { roundsFromEnv, spread, type Spread } from '../lib/rounds.ts';
import { formatTable } from '../lib/table.ts';

// `npm run bench -- faults`: the fault suite's faults (api/faults.test.ts) under the same steady
// load, held for the full outage (BENCH_FAULT_OUTAGE_S, 20 s), round after round. Each round
// also runs the same timeline twice without a fault: `baseline` and the A/A `control`, so the
// served ratio a fault is judged by comes with the ratio the method reports when nothing fails.
const outageMs = Number(process.env.BENCH_FAULT_OUTAGE_S ?? 20) * 1000;
const rounds = roundsFromEnv();
const requestTimeoutMs = 4000;
const hangAfterMs = requestTimeoutMs + 15_000;
const recoveryGoalS = 5;
type Arm = ApiFault | 'baseline' | 'control';
const arms: Arm[] = ['baseline', ...apiFaults, 'control'];

interface RoundFigures {
  /** 2xx reads and writes sent while the fault lasted. */
  served: number;
  requests: number;
  serverErrors: Record<EndpointClass, number>;
  hung: number;
  failedOtherwise: number;
  withoutRetryAfter: number;
  /** Seconds from the restore to the first success of a request sent after it. */
  recoverS: number;
}

function figures(run: FaultRun): RoundFigures {
  // Liveness answers without dependencies: only reads and writes count as served.
  const during = run.results.filter(
    (r) => r.endpoint !== 'health' && r.startedAt >= run.faultAt && r.startedAt < run.restoredAt,
  );
  const whole = summarize(run.results);
  return {
    served: summarize(during).served,
    requests: whole.requests,
    serverErrors: whole.serverErrors,
    hung: whole.hung,
    failedOtherwise: whole.failedOtherwise,
    withoutRetryAfter: whole.withoutRetryAfter,
    recoverS: run.recoverMs === undefined ? Number.POSITIVE_INFINITY : run.recoverMs / 1000,
  };
}

const log = (line: string) => console.log(line);
log(`faults: ${rounds} rounds of ${arms.join(', ')}; outages ${outageMs / 1000} s`);
const rig = await startFaultRig('bench_faults', { PORTTRACK_REQUEST_TIMEOUT_MS: String(requestTimeoutMs) });
const measured = new Map<Arm, RoundFigures[]>(arms.map((a) => [a, []]));
try {
  for (let round = 0; round < rounds; round++) {
    // Rotate the order so no arm always runs first on a machine that drifts.
    const order = arms.map((_, i) => arms[(i + round) % arms.length]!);
    for (const arm of order) {
      const fault = arm === 'baseline' || arm === 'control' ? 'none' : arm;
      const f = figures(await runFault(rig, fault, { outageMs, hangAfterMs, settleMs: 2000 }));
      measured.get(arm)!.push(f);
      log(
        `  round ${round + 1}/${rounds} ${arm}: served ${f.served} of ${f.requests}, 5xx ${JSON.stringify(f.serverErrors)}, hung ${f.hung}, recovered in ${f.recoverS.toFixed(2)} s`,
      );
    }
  }
} finally {
  await rig.close();
}

const of = (arm: Arm, pick: (f: RoundFigures) => number): Spread => spread(measured.get(arm)!.map(pick));
const ratioToBaseline = (arm: Arm): Spread =>
  spread(measured.get(arm)!.map((f, i) => f.served / Math.max(1, measured.get('baseline')![i]!.served)));
const noise = ratioToBaseline('control');

const report = Object.fromEntries(
  arms.map((arm) => [
    arm,
    {
      served_during_fault: of(arm, (f) => f.served),
      served_ratio_to_baseline: ratioToBaseline(arm),
      requests: of(arm, (f) => f.requests),
      server_errors: {
        read: of(arm, (f) => f.serverErrors.read),
        write: of(arm, (f) => f.serverErrors.write),
        health: of(arm, (f) => f.serverErrors.health),
      },
      hung: of(arm, (f) => f.hung),
      failed_otherwise: of(arm, (f) => f.failedOtherwise),
      without_retry_after: of(arm, (f) => f.withoutRetryAfter),
      recover_s: of(arm, (f) => f.recoverS),
    },
  ]),
);

const goals: Goal[] = [
  {
    name: 'PostgreSQL down: recovered after its return',
    unit: 's',
    figure: report['postgres-down']!.recover_s,
    noise: report.control!.recover_s,
    at_most: recoveryGoalS,
  },
  {
    name: 'PostgreSQL slow: recovered after it is fast again',
    unit: 's',
    figure: report['postgres-slow']!.recover_s,
    noise: report.control!.recover_s,
    at_most: recoveryGoalS,
  },
  {
    name: 'Redis down: failed requests',
    figure: of(
      'redis-down',
      (f) => f.serverErrors.read + f.serverErrors.write + f.serverErrors.health + f.failedOtherwise,
    ),
    at_most: 0,
  },
  { name: 'Redis down: served vs baseline', figure: ratioToBaseline('redis-down'), noise, at_least: 0.8 },
  ...(['postgres-down', 'postgres-slow'] as const).flatMap((arm) => [
    { name: `${arm}: hanging requests`, figure: report[arm]!.hung, at_most: 0 },
    { name: `${arm}: 503 without Retry-After`, figure: report[arm]!.without_retry_after, at_most: 0 },
  ]),
];

log(
  `\n${formatTable(
    [
      'arm',
      'served in fault (median)',
      'ratio to baseline',
      '5xx read',
      '5xx write',
      '5xx health',
      'hung',
      'recover s (median/min/max)',
    ],
    arms.map((arm) => {
      const r = report[arm]!;
      return [
        arm,
        r.served_during_fault.median,
        r.served_ratio_to_baseline.median.toFixed(2),
        r.server_errors.read.median,
        r.server_errors.write.median,
        r.server_errors.health.median,
        r.hung.median,
        `${r.recover_s.median.toFixed(2)} / ${r.recover_s.min.toFixed(2)} / ${r.recover_s.max.toFixed(2)}`,
      ];
    }),
  )}`,
);
const verdicts = judge(goals);
printVerdicts(verdicts, log);
await writeResults('faults', {
  benchmark: 'faults',
  method:
    'The API (api/testing/fault-rig.ts: own Redis server, PostgreSQL behind a TCP relay) under steady load of 3 clients ' +
    '(reads, ingest, /healthz in turn, 50 ms apart) on 127.0.0.1. Per round: baseline and control run the same timeline ' +
    'without a fault; each fault is held for the outage. served_during_fault counts 2xx reads and writes sent while the fault ' +
    'lasted (reads of the latest positions may come from the Redis cache); server_errors and hung count the whole run; recover_s is from the restore to the first 2xx of a request sent ' +
    "after it. Ratios are per round against that round's baseline; control vs baseline is the A/A noise.",
  outage_s: outageMs / 1000,
  postgres_slow_per_chunk_ms: 2000,
  api_settings: { statement_timeout_ms: 2000, request_timeout_ms: requestTimeoutMs },
  rounds,
  environment: environment(),
  arms: report,
  goals: verdicts,
});
exitForVerdicts(verdicts);
