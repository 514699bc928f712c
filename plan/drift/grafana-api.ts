import { readSecret } from '../../lib/config/env.ts';
import { type DashboardModel, readExport } from '../../lib/grafana/export.ts';

/** Grafana unreachable, refusing the credentials or answering something else: one line (exit 2). */
export class GrafanaError extends Error {}

/** Basic auth from GRAFANA_USER and GRAFANA_PASSWORD (or their *_FILE secrets); none when unset. */
export function grafanaAuth(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const user = readSecret(env, 'GRAFANA_USER');
  const password = readSecret(env, 'GRAFANA_PASSWORD');
  if (user === undefined && password === undefined) return undefined;
  return `Basic ${Buffer.from(`${user ?? ''}:${password ?? ''}`).toString('base64')}`;
}

async function getJson(base: URL, path: string, auth: string | undefined): Promise<string> {
  const url = new URL(path.replace(/^\//, ''), base.href.endsWith('/') ? base : `${base.href}/`);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json', ...(auth ? { authorization: auth } : {}) },
    });
  } catch (error) {
    throw new GrafanaError(
      `cannot reach Grafana at ${url.origin}: ${(error as Error).cause ?? (error as Error).message}`,
    );
  }
  if (response.status === 401 || response.status === 403)
    throw new GrafanaError(
      `Grafana answered ${response.status} to ${url.pathname}: set GRAFANA_USER and GRAFANA_PASSWORD (or *_FILE)`,
    );
  if (!response.ok) throw new GrafanaError(`Grafana answered ${response.status} to ${url.pathname}`);
  return response.text();
}

/**
 * Every dashboard of a running Grafana: `/api/search?type=dash-db` for the list, then
 * `/api/dashboards/uid/<uid>` for each (the same `{dashboard, meta}` a file export may hold).
 */
export async function grafanaDashboards(base: URL, auth = grafanaAuth()): Promise<DashboardModel[]> {
  const listed = JSON.parse(await getJson(base, '/api/search?type=dash-db', auth)) as unknown;
  if (!Array.isArray(listed)) throw new GrafanaError(`${base.href}api/search did not answer a list`);
  const uids = listed
    .map((hit) => (hit as { uid?: unknown }).uid)
    .filter((uid): uid is string => typeof uid === 'string');
  const models: DashboardModel[] = [];
  for (const uid of uids) {
    const path = `/api/dashboards/uid/${encodeURIComponent(uid)}`;
    models.push(readExport(await getJson(base, path, auth), `${base.origin}${path}`).dashboard);
  }
  return models;
}
