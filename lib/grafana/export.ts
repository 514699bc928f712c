/** A file that is no Grafana dashboard, with the one line a person reads (the commands exit 2 on it). */
export class ImportInputError extends Error {}

/** The dashboard model: what every reader here relies on; the rest as Grafana wrote it. */
export interface DashboardModel {
  uid: string;
  title: string;
  panels: unknown[];
  [field: string]: unknown;
}

export interface ExportedDashboard<D = DashboardModel> {
  dashboard: D;
  /** The folder Grafana's API reports (`meta.folderTitle`), when the file came from it. */
  folderTitle?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * A dashboard as Grafana exports it: the bare model (Export > Save to file) or the HTTP API's
 * `{dashboard, meta}` answer (`/api/dashboards/uid/<uid>`). `npm run dashboards:import` and
 * `npm run dashboards:drift` read files (and Grafana's answers) through it.
 */
export function readExport<D extends { uid: string; title: string } = DashboardModel>(
  text: string,
  source: string,
): ExportedDashboard<D> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ImportInputError(`${source} is not JSON (${(error as Error).message})`);
  }
  const wrapped = isObject(parsed) && isObject(parsed.dashboard);
  const model = wrapped ? (parsed as { dashboard: unknown }).dashboard : parsed;
  if (!isObject(model) || typeof model.title !== 'string' || !('uid' in model || 'panels' in model))
    throw new ImportInputError(
      `${source} is not a Grafana dashboard (expected the dashboard model with "title" and "panels", or the API's {"dashboard": ..., "meta": ...})`,
    );
  if (!Array.isArray(model.panels))
    throw new ImportInputError(`${source}: dashboard "${model.title}" has no "panels" list`);
  if (typeof model.uid !== 'string' || !model.uid)
    throw new ImportInputError(`${source}: dashboard "${model.title}" has no "uid"`);
  const meta = wrapped ? (parsed as { meta?: unknown }).meta : undefined;
  const folderTitle = isObject(meta) && typeof meta.folderTitle === 'string' ? meta.folderTitle : undefined;
  return { dashboard: model as unknown as D, ...(folderTitle ? { folderTitle } : {}) };
}
