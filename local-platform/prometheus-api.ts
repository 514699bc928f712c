/** The few Prometheus HTTP API calls the local stack and the e2e suite need. */

export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
}

export interface PromTarget {
  labels: Record<string, string>;
  scrapeUrl: string;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

async function get<T>(base: string, path: string): Promise<T> {
  const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(10_000) });
  const body = (await res.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? res.status}`);
  return body.data;
}

/** An instant query; the result as a vector (scalars become one sample without labels). */
export async function instantQuery(base: string, expr: string): Promise<Sample[]> {
  const data = await get<{ resultType: string; result: unknown }>(
    base,
    `/api/v1/query?query=${encodeURIComponent(expr)}`,
  );
  if (data.resultType === 'vector') return data.result as Sample[];
  if (data.resultType === 'scalar') return [{ metric: {}, value: data.result as [number, string] }];
  throw new Error(`unexpected result type ${data.resultType} for ${expr}`);
}

export async function activeAlerts(base: string): Promise<PromAlert[]> {
  return (await get<{ alerts: PromAlert[] }>(base, '/api/v1/alerts')).alerts;
}

export async function activeTargets(base: string): Promise<PromTarget[]> {
  return (await get<{ activeTargets: PromTarget[] }>(base, '/api/v1/targets?state=active')).activeTargets;
}

/** Asks Prometheus to re-read its config and rule files (needs --web.enable-lifecycle). */
export async function reloadPrometheus(base: string): Promise<void> {
  const res = await fetch(`${base}/-/reload`, { method: 'POST', signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`Prometheus reload failed: ${res.status} ${await res.text()}`);
}

/** URLs of the Alertmanagers Prometheus currently sends to. */
export async function discoveredAlertmanagers(base: string): Promise<string[]> {
  const data = await get<{ activeAlertmanagers: Array<{ url: string }> }>(base, '/api/v1/alertmanagers');
  return data.activeAlertmanagers.map((a) => a.url);
}

/**
 * The rule groups Prometheus has not evaluated yet: a group is first evaluated up to one of its
 * intervals after Prometheus starts, and records nothing before.
 */
export async function groupsNotYetEvaluated(base: string): Promise<string[]> {
  type Group = { name: string; rules: Array<{ lastEvaluation: string }> };
  const data = await get<{ groups: Group[] }>(base, '/api/v1/rules?type=record');
  const never = (at: string) => !at || at.startsWith('0001-');
  return data.groups.filter((g) => g.rules.some((r) => never(r.lastEvaluation))).map((g) => g.name);
}
