// `npm run dashboards:drift -- URL|DIR`: the dashboards a running Grafana serves (URL: its HTTP
// API, basic auth from GRAFANA_USER/GRAFANA_PASSWORD or their *_FILE) or a directory of
// exported JSON files, against the generated ones in stack/grafana/dashboards/, panel by panel
// (title, queries, thresholds, unit, position) with the plan's dashboard section. Exit 0 when
// they agree, 1 on drift (with the report), 2 when the input cannot be read.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ImportInputError } from '../../lib/grafana/export.ts';
import { git } from '../git.ts';
import { exportedDashboards } from './exported-dir.ts';
import { driftReport } from './drift.ts';
import { GrafanaError, grafanaDashboards } from './grafana-api.ts';

const fail = (message: string): never => {
  process.stderr.write(`dashboards:drift: ${message}\n`);
  process.exit(2);
};

const [target, ...extra] = process.argv.slice(2);
if (!target || extra.length) fail('usage: npm run dashboards:drift -- URL|DIR');
const top = await git(process.cwd(), 'rev-parse', '--show-toplevel');
try {
  const generated = await exportedDashboards(join(top, 'stack/grafana/dashboards'));
  const remote = /^https?:\/\//.test(target!);
  if (!remote && !(await stat(target!).catch(() => undefined))?.isDirectory())
    fail(`${target} is neither an http(s) URL nor a directory`);
  const found = remote ? await grafanaDashboards(new URL(target!)) : await exportedDashboards(target!);
  const report = driftReport(generated, found);
  const where = remote ? `Grafana at ${target}` : `the exports in ${target}`;
  if (!report.length) {
    process.stdout.write(
      `dashboards:drift: no drift: ${found.length} dashboards in ${where} match the generated ones.\n`,
    );
    process.exit(0);
  }
  process.stdout.write(
    [`## Dashboard drift: generated (before) against ${where} (after)`, '', ...report, ''].join('\n'),
  );
  process.exit(1);
} catch (error) {
  if (error instanceof GrafanaError || error instanceof ImportInputError) fail(error.message);
  throw error;
}
