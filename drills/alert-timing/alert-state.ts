import { load } from 'js-yaml';
import { activeAlerts, type PromAlert } from '../../local-platform/prometheus-api.ts';
import { waitFor } from '../../local-platform/wait.ts';

/** The alert is firing in Prometheus (any series of it). */
export async function firingInPrometheus(prometheusUrl: string, alert: string): Promise<boolean> {
  return (await activeAlerts(prometheusUrl)).some(
    (a) => a.labels.alertname === alert && a.state === 'firing',
  );
}

/** The alert as Prometheus holds it (its first series), or undefined while it is not active. */
export async function activeAlert(prometheusUrl: string, alert: string): Promise<PromAlert | undefined> {
  return (await activeAlerts(prometheusUrl)).find((a) => a.labels.alertname === alert);
}

/** The alert's state in Prometheus ('pending' or 'firing'), or undefined while it is not active. */
export async function stateInPrometheus(prometheusUrl: string, alert: string): Promise<string | undefined> {
  return (await activeAlerts(prometheusUrl)).find((a) => a.labels.alertname === alert)?.state;
}

export async function activeInPrometheus(prometheusUrl: string, alert: string): Promise<boolean> {
  return (await activeAlerts(prometheusUrl)).some((a) => a.labels.alertname === alert);
}

/** Receivers Alertmanager routes the active alert to, or undefined while it does not have it. */
export async function receiversInAlertmanager(
  alertmanagerUrl: string,
  alert: string,
): Promise<string[] | undefined> {
  const url = `${alertmanagerUrl}/api/v2/alerts?active=true&filter=${encodeURIComponent(`alertname="${alert}"`)}`;
  const alerts = (await (await fetch(url)).json()) as Array<{ receivers: Array<{ name: string }> }>;
  if (alerts.length === 0) return undefined;
  return [...new Set(alerts.flatMap((a) => a.receivers.map((r) => r.name)))];
}

/** The alert's `for:` in seconds, as Prometheus loaded it. */
export async function forOf(prometheusUrl: string, alert: string): Promise<number> {
  const res = await fetch(`${prometheusUrl}/api/v1/rules?type=alert`);
  const body = (await res.json()) as {
    data: { groups: Array<{ rules: Array<{ name: string; duration: number }> }> };
  };
  const rule = body.data.groups.flatMap((g) => g.rules).find((r) => r.name === alert);
  if (!rule) throw new Error(`Prometheus has no alerting rule ${alert}`);
  return rule.duration;
}

interface Route {
  receiver?: string;
  group_wait?: string;
  routes?: Route[];
}

const seconds = (d: string | undefined) => {
  if (!d) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(d);
  if (!m) throw new Error(`cannot read duration ${d}`);
  return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] as 'ms' | 's' | 'm' | 'h'];
};

/** `group_wait` that applies to notifications for `receiver`, from Alertmanager's loaded config. */
export async function groupWaitFor(alertmanagerUrl: string, receiver: string): Promise<number> {
  const status = (await (await fetch(`${alertmanagerUrl}/api/v2/status`)).json()) as {
    config: { original: string };
  };
  const root = (load(status.config.original) as { route: Route }).route;
  const find = (route: Route, inherited: number): number | undefined => {
    const own = seconds(route.group_wait) ?? inherited;
    if (route.receiver === receiver && route !== root) return own;
    for (const child of route.routes ?? []) {
      const found = find(child, own);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const rootWait = seconds(root.group_wait) ?? 30;
  return find(root, rootWait) ?? rootWait;
}

/** Unix ms of the first evaluation at which the alert's condition held (pending or firing). */
export async function conditionTrueSince(prometheusUrl: string, alert: string, fromMs: number, toMs: number) {
  const params = new URLSearchParams({
    query: `max(ALERTS{alertname="${alert}"})`,
    start: String(fromMs / 1000),
    end: String(toMs / 1000),
    step: '0.5',
  });
  const body = (await (await fetch(`${prometheusUrl}/api/v1/query_range?${params}`)).json()) as {
    data: { result: Array<{ values: Array<[number, string]> }> };
  };
  const first = body.data.result[0]?.values[0]?.[0];
  return first === undefined ? undefined : first * 1000;
}

/** Waits until the alert is in `state` in Prometheus ('pending', 'firing', or undefined: not active). */
export async function untilState(
  prometheusUrl: string,
  alert: string,
  state: 'pending' | 'firing' | undefined,
  timeoutMs: number,
): Promise<void> {
  await waitFor(async () => ((await stateInPrometheus(prometheusUrl, alert)) === state ? true : undefined), {
    what: `${alert} ${state ?? 'resolved'}`,
    timeoutMs,
  });
}
