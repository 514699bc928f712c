// test.yml's stack-check job, after up.sh and start-porttrack.sh: asks Grafana itself whether
// every dashboard loads and every panel target answers, runs every LogQL target on Loki, and
// checks Promtail and cAdvisor. Prints a Markdown report (the job appends it to its summary)
// and exits 1 on any problem. Runs only where Grafana and Loki run: not on the development
// machine, where the Prometheus half (checkDashboardQueries) runs in the end-to-end suite.
import { allDashboards } from '../../dashboards-src/dashboards/index.ts';
import {
  checkDashboardQueries,
  checkDashboardTargets,
  type LiveCheckReport,
  type TargetResult,
} from '../../dashboards-src/live-check.ts';
import type { ThirdPartySource } from '../../lib/catalog/third-party.ts';
import { unexpectedlyEmpty } from '../../dashboards-src/live-coverage.ts';
import { percentile } from '../../lib/stats/percentile.ts';
import { grafanaQuery, lokiQuery } from './grafana-api.ts';

const env = process.env;
const grafana = new URL(env.GRAFANA_URL ?? 'http://127.0.0.1:3000');
const prometheus = env.PROMETHEUS_URL ?? 'http://127.0.0.1:9090';
const loki = new URL(env.LOKI_URL ?? 'http://127.0.0.1:3100');
const auth = `Basic ${Buffer.from(`admin:${env.GRAFANA_ADMIN_PASSWORD ?? 'stack-check'}`).toString('base64')}`;
const loadGoalMs = 3000;
const rounds = 5;

const problems: string[] = [];
const out: string[] = ['## Stack check: Grafana, Loki, Promtail, cAdvisor', ''];
const median = (xs: number[]) => percentile(xs, 50);

// 1. Every dashboard loads through Grafana's API; the load time is the median of five rounds.
out.push('| dashboard | panels | load median (min-max) ms |', '| --- | --- | --- |');
for (const definition of allDashboards) {
  const uid = definition.build().uid;
  const times: number[] = [];
  let panels = 0;
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    type Answer = { status: string; body: { dashboard?: { panels?: unknown[] } } };
    const answer: Answer = await fetch(new URL(`/api/dashboards/uid/${uid}`, grafana), {
      headers: { authorization: auth },
    })
      .then(async (r) => ({ status: `HTTP ${r.status}`, body: r.ok ? await r.json() : {} }))
      .catch((err: Error) => ({ status: err.message, body: {} }));
    times.push(performance.now() - started);
    const body = answer.body;
    if (!body.dashboard) {
      problems.push(`dashboard ${uid}: ${answer.status}`);
      break;
    }
    panels = body.dashboard.panels?.length ?? 0;
  }
  const m = median(times);
  out.push(
    `| ${uid} | ${panels} | ${m.toFixed(0)} (${Math.min(...times).toFixed(0)}-${Math.max(...times).toFixed(0)}) |`,
  );
  if (m > loadGoalMs) out.push(`GOAL MISSED: ${uid} loads in ${m.toFixed(0)} ms (goal ${loadGoalMs} ms)`);
}

// 2. The local suite's Prometheus checker, then the same targets through Grafana: both must agree.
// npm start's Prometheus scrapes node- and postgres-exporter, no cAdvisor (part 4 checks it itself)
// and, without REDIS_URL, no redis-exporter.
const absent: ThirdPartySource[] = ['cadvisor', 'redis'];
const direct = await checkDashboardQueries(prometheus);
const viaGrafana = await checkDashboardTargets(['promql', 'logql', 'sql'], (query, target, time, ms) =>
  grafanaQuery(grafana, auth, query, target, time, ms),
);
const key = (r: TargetResult) => `${r.dashboard}/${r.panelId}/${r.refId}`;
const directStatus = new Map(direct.results.map((r) => [key(r), r.status]));
for (const r of viaGrafana.results) {
  const where = `${r.dashboard} panel ${r.panelId} "${r.panelTitle}" ${r.refId}`;
  if (r.status === 'error') problems.push(`Grafana: ${where}: ${r.error}`);
  const expected = directStatus.get(key(r));
  // Grafana asks over the last hour where the checker asks at one instant: only a loss counts.
  if (expected === 'data' && r.status !== 'data')
    problems.push(`Grafana: ${where}: ${r.status}, Prometheus itself: ${expected}`);
}
for (const r of direct.errors)
  problems.push(`Prometheus: ${r.dashboard} panel ${r.panelId} ${r.refId}: ${r.error}`);
for (const line of unexpectedlyEmpty(viaGrafana, absent)) problems.push(`Grafana, no data: ${line}`);
const summary = (name: string, report: LiveCheckReport) =>
  `${name}: ${report.results.length} targets, ${report.withData.length} with data, ` +
  `${report.expectedEmpty.length} empty when healthy, ${report.missing.length} empty, ${report.errors.length} errors`;
out.push('', summary('Prometheus (local checker)', direct), '', summary('Grafana /api/ds/query', viaGrafana));

// 3. LogQL on Loki itself: the API pushes its logs there, and every LogQL target runs.
const apiLines = await lokiQuery(loki, 'sum(count_over_time({service="api"}[1h]))', new Date(), 10_000);
if (apiLines.error || !apiLines.series)
  problems.push(`Loki: no API log lines arrived (${apiLines.error ?? 'empty'})`);
const onLoki = await checkDashboardTargets(['logql'], (query, _t, time, ms) =>
  lokiQuery(loki, query, time, ms),
);
for (const r of onLoki.errors)
  problems.push(`Loki: ${r.dashboard} panel ${r.panelId} ${r.refId}: ${r.error}`);
out.push('', summary('Loki (LogQL targets)', onLoki));

// 4. Promtail and cAdvisor answer with what the stack scrapes from them.
const text = (url: string) =>
  fetch(url)
    .then((r) => r.text())
    .catch((err: Error) => err.message);
const promtail = await text('http://127.0.0.1:9080/metrics');
if (!promtail.includes('promtail_targets_active_total'))
  problems.push('Promtail: no promtail_targets_active_total');
const cadvisor = await text('http://127.0.0.1:8080/metrics');
if (!cadvisor.includes('container_cpu_usage_seconds_total'))
  problems.push('cAdvisor: no container_cpu_usage_seconds_total');

out.push(
  '',
  problems.length ? `### ${problems.length} problem(s)` : 'No problems.',
  ...problems.map((p) => `- ${p}`),
);
console.log(out.join('\n'));
process.exit(problems.length ? 1 : 0);
