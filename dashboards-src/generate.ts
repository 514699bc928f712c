import type { GeneratedFile } from '../lib/generated.ts';

// Placeholder until the dashboards-src generator lands; replaced by its issue's work.
export function dashboardFiles(): GeneratedFile[] {
  return [];
}
