import { load } from 'js-yaml';
import { type GeneratedFile, staleFiles } from '../lib/generated.ts';
import type { Check } from '../lib/validation.ts';
import { alertLinkProblems, readAlertLinks } from './checks/alert-links.ts';
import {
  datasourceProblems,
  panelDatasourceProblems,
  type ProvisionedRef,
} from './checks/datasource-refs.ts';
import { emptyMarkProblems } from './checks/empty-marks.ts';
import { gridProblems } from './checks/grid.ts';
import { identityProblems } from './checks/identity.ts';
import { dashboardLabelValues } from './checks/label-values.ts';
import { unknownMetricProblems } from './checks/metric-names.ts';
import type { GeneratedDashboard } from './checks/model.ts';
import { querySyntaxProblems } from './checks/query-syntax.ts';
import type { DashboardJson } from './core/definition.ts';
import { dashboardsDir } from './core/definition.ts';
import { allDashboards } from './dashboards/index.ts';
import { dashboardFiles } from './generate.ts';
import { datasourcesFile } from './provisioning.ts';

/** The dashboards exactly as the generator writes them (parsed back from the file content). */
export function generatedDashboards(
  files: readonly GeneratedFile[] = dashboardFiles(),
): GeneratedDashboard[] {
  return files
    .filter((f) => f.path.startsWith(`${dashboardsDir}/`) && f.path.endsWith('.json'))
    .map((f) => ({ file: f.path, json: JSON.parse(f.content) as DashboardJson }));
}

/** The datasources of the generated provisioning file. */
export function provisionedDatasources(files: readonly GeneratedFile[] = dashboardFiles()): ProvisionedRef[] {
  const file = files.find((f) => f.path === datasourcesFile);
  if (!file) return [];
  const parsed = load(file.content) as { datasources?: ProvisionedRef[] };
  return (parsed.datasources ?? []).map(({ uid, type }) => ({ uid, type }));
}

/** The dashboards' part of `npm run validate`. Each problem names the dashboard and the panel. */
export function dashboardChecks(): Check[] {
  const files = dashboardFiles();
  const dashboards = generatedDashboards(files);
  return [
    { name: 'dashboards: PromQL and LogQL parse', run: async () => querySyntaxProblems(dashboards) },
    { name: 'dashboards: metrics are in the catalog', run: async () => unknownMetricProblems(dashboards) },
    {
      name: 'dashboards: label values are declared in the catalog',
      run: async () => dashboardLabelValues(dashboards).problems,
    },
    {
      name: 'dashboards: datasources are provisioned',
      run: async () => datasourceProblems(dashboards, provisionedDatasources(files)),
    },
    {
      name: "dashboards: panels query their targets' datasource",
      run: async () => panelDatasourceProblems(dashboards),
    },
    { name: 'dashboards: uids and panel ids', run: async () => identityProblems(dashboards) },
    { name: 'dashboards: grid positions', run: async () => gridProblems(dashboards) },
    { name: 'dashboards: empty-when-healthy marks', run: async () => emptyMarkProblems(allDashboards) },
    {
      name: 'dashboards: alert dashboard links resolve',
      run: async () => alertLinkProblems(await readAlertLinks(), dashboards),
    },
    {
      name: 'dashboards: generated files are fresh',
      run: async () =>
        (await staleFiles(files)).map((path) => ({
          file: path,
          message: 'differs from what dashboards-src generates: run `npm run generate` and commit',
        })),
    },
  ];
}
