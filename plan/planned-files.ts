/**
 * The generated files a plan reads: rule and promtool test files, the Swarm stack's
 * prometheus.yml and alertmanager.yml, and the dashboards. The development compose file's
 * variants (`*.compose.yml`) carry the same rules and routing and are left out, so that one
 * change reads once.
 */
export const plannedFile = (path: string): boolean =>
  (/^stack\/(prometheus|alertmanager)\/.*\.yml$/.test(path) && !path.endsWith('.compose.yml')) ||
  /^stack\/grafana\/dashboards\/.*\.json$/.test(path);

/** One side of a plan: generated file path (from the repository root) to content. */
export type Snapshot = ReadonlyMap<string, string>;
