import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DashboardModel, readExport } from '../../lib/grafana/export.ts';

/** Every `*.json` under `dir` (subfolders too), each a dashboard as Grafana exports it. */
export async function exportedDashboards(dir: string): Promise<DashboardModel[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return Promise.all(files.map(async (file) => readExport(await readFile(file, 'utf8'), file).dashboard));
}
