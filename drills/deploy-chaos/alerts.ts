import type { TestStack } from '../../local-swarm/test-stack.ts';

/** What a fault must make Prometheus and on-call do, stated before the fault, at production `for:`. */
export interface AlertExpectation {
  /** Must go firing and reach on-call. */
  mustFire: string[];
  /** Must be seen pending (the fault was noticed) but may not fire... */
  mustPend: string[];
  /**
   * ...unless listed here: allowed to fire (the fault lasts about as long as its `for:`). Such an
   * alert need not reach on-call: one that resolves within Alertmanager's group_wait is never
   * sent, which is right for a blip.
   */
  mayFire: string[];
  why: string;
}

export interface AlertOutcome {
  expected: AlertExpectation;
  /** Alerts that went firing or pending during the window and were not already before it. */
  fired: string[];
  pending: string[];
  /**
   * Alerts about the host itself (service `node`: CPU, memory, disk) that fired during the
   * window: the drills share one machine with their own load generator, so these describe the
   * machine, not the fault. Reported, not judged.
   */
  hostAlerts: string[];
  /** Alert names found in on-call's Slack messages (and e-mails) during the window. */
  oncallReceived: string[];
  ok: boolean;
  problems: string[];
}

interface Series {
  metric: { alertname: string; alertstate: string; service?: string };
}

async function alertsOver(stack: TestStack, fromSec: number, toSec: number) {
  const q = new URLSearchParams({ query: 'ALERTS', start: String(fromSec), end: String(toSec), step: '5' });
  const res = await stack.https(`/prometheus/api/v1/query_range?${q}`, { headers: stack.monitoringAuth() });
  if (res.status !== 200) throw new Error(`ALERTS query answered ${res.status}: ${res.text.slice(0, 200)}`);
  const series = res.json<{ data: { result: Series[] } }>().data.result;
  const names = (state: string) =>
    [...new Set(series.filter((s) => s.metric.alertstate === state).map((s) => s.metric.alertname))].sort();
  const host = [...new Set(series.filter((s) => s.metric.service === 'node').map((s) => s.metric.alertname))];
  return { firing: names('firing'), pending: names('pending'), host };
}

/**
 * Alerts firing or pending right now: the baseline a drill's fault is compared with. One already
 * pending (an earlier drill's errors still in a burn-rate window) is not this fault's doing.
 */
export async function activeNow(stack: TestStack) {
  const now = Date.now() / 1000;
  const seen = await alertsOver(stack, now - 5, now);
  return [...new Set([...seen.firing, ...seen.pending])];
}

/**
 * Compares what Prometheus and on-call saw in [from, to] with the expectation. `baseline` are
 * alerts active before the fault (not the fault's doing).
 */
export async function checkAlerts(
  stack: TestStack,
  expected: AlertExpectation,
  fromMs: number,
  toMs: number,
  baseline: string[],
): Promise<AlertOutcome> {
  const seen = await alertsOver(stack, Math.floor(fromMs / 1000), Math.ceil(toMs / 1000));
  const ours = (a: string) => !baseline.includes(a) && !seen.host.includes(a);
  const fired = seen.firing.filter(ours);
  const pending = seen.pending.filter(ours);
  const hostAlerts = seen.firing.filter((a) => seen.host.includes(a) && !baseline.includes(a));
  const messages = [
    ...stack.sunk('slack').filter((m) => m.channel === 'oncall'),
    ...stack.sunk('smtp'),
  ].filter((m) => {
    const at = Date.parse(String(m.at));
    return at >= fromMs && at <= toMs;
  });
  const candidates = new Set([
    ...fired,
    ...pending,
    ...expected.mustFire,
    ...expected.mustPend,
    ...expected.mayFire,
  ]);
  const oncallReceived = [...candidates]
    .filter((a) => messages.some((m) => JSON.stringify(m).includes(a)))
    .sort();
  const problems: string[] = [];
  for (const a of expected.mustFire) {
    if (!fired.includes(a)) problems.push(`${a} did not fire`);
    else if (!oncallReceived.includes(a)) problems.push(`${a} fired but on-call received nothing`);
  }
  for (const a of expected.mustPend)
    if (!pending.includes(a) && !fired.includes(a)) problems.push(`${a} was never pending`);
  for (const a of fired)
    if (!expected.mustFire.includes(a) && !expected.mayFire.includes(a))
      problems.push(`${a} fired unexpectedly`);
  return { expected, fired, pending, hostAlerts, oncallReceived, ok: problems.length === 0, problems };
}
