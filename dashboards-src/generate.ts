import type { GeneratedFile } from '../lib/generated.ts';
import type { DashboardDefinition } from './core/definition.ts';
import { allDashboards } from './dashboards/index.ts';
import { provisioningFiles } from './provisioning.ts';

/** The JSON Grafana loads: two-space indented, trailing newline, key order as built. */
export const dashboardFile = (definition: DashboardDefinition): GeneratedFile => ({
  path: definition.file,
  content: `${JSON.stringify(definition.build(), null, 2)}\n`,
});

/** Dashboards under stack/grafana/dashboards/<Folder>/ and Grafana's provisioning files. */
export function dashboardFiles(): GeneratedFile[] {
  return [...allDashboards.map(dashboardFile), ...provisioningFiles()];
}
