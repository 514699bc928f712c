import type { DashboardJson, DatasourceJson, PanelJson } from '../core/definition.ts';
import { datasources } from '../datasources.ts';

/** A generated dashboard as the checks see it: the JSON and the file it is written to. */
export interface GeneratedDashboard {
  file: string;
  json: DashboardJson;
}

export type QueryLanguage = 'promql' | 'logql' | 'sql';

/** One query of a dashboard: a panel target, an annotation or a variable. */
export interface DashboardQuery {
  dashboard: GeneratedDashboard;
  /** `panel 3 "Error rate by endpoint" target A`, `annotation "Deploys"`, `variable $instance`. */
  where: string;
  panel?: PanelJson;
  refId?: string;
  datasource?: DatasourceJson;
  language: QueryLanguage;
  text: string;
}

/** Every panel, rows' nested panels included. */
export function panelsOf(dashboard: DashboardJson): PanelJson[] {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

export const panelName = (panel: PanelJson) => `panel ${panel.id ?? '(no id)'} "${panel.title ?? ''}"`;

/** `dashboard porttrack-api "API Performance", panel 3 "Error rate", target A` */
export const locate = (dashboard: DashboardJson, where?: string) =>
  `dashboard ${dashboard.uid} "${dashboard.title}"${where ? `, ${where}` : ''}`;

const languageOf = (ds: DatasourceJson | undefined): QueryLanguage | undefined => {
  const type = ds?.type;
  if (type === datasources.prometheus.type) return 'promql';
  if (type === datasources.loki.type) return 'logql';
  if (type === datasources.postgres.type) return 'sql';
  return undefined;
};

export function queriesOf(dashboard: GeneratedDashboard): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  for (const panel of panelsOf(dashboard.json)) {
    for (const target of panel.targets ?? []) {
      const datasource = target.datasource ?? panel.datasource;
      const language = languageOf(datasource);
      const text = language === 'sql' ? target.rawSql : target.expr;
      if (!language || typeof text !== 'string') continue;
      const query: DashboardQuery = {
        dashboard,
        where: `${panelName(panel)} target ${target.refId ?? '?'}`,
        panel,
        language,
        text,
      };
      if (target.refId !== undefined) query.refId = target.refId;
      if (datasource) query.datasource = datasource;
      queries.push(query);
    }
  }
  for (const annotation of dashboard.json.annotations?.list ?? []) {
    const language = languageOf(annotation.datasource);
    if (language && typeof annotation.expr === 'string') {
      queries.push({
        dashboard,
        where: `annotation "${annotation.name ?? ''}"`,
        language,
        text: annotation.expr,
      });
    }
  }
  return queries;
}

/** `label_values(up{job="x"}, instance)` -> the selector inside. */
const labelValuesSelector = (query: unknown): string | undefined => {
  const text = typeof query === 'string' ? query : (query as { query?: unknown } | undefined)?.query;
  if (typeof text !== 'string') return undefined;
  return /^label_values\((.+),\s*\w+\)$/.exec(text.trim())?.[1];
};

/** Every PromQL a dashboard sends: its panels' and annotations' queries and its variables' selectors. */
export function promqlQueriesOf(dashboard: GeneratedDashboard): Array<{ where: string; expr: string }> {
  const exprs = queriesOf(dashboard)
    .filter((q) => q.language === 'promql')
    .map((q) => ({ where: q.where, expr: q.text }));
  for (const variable of dashboard.json.templating?.list ?? []) {
    const selector = labelValuesSelector(variable.query);
    if (selector) exprs.push({ where: `variable $${variable.name}`, expr: selector });
  }
  return exprs;
}

/** Every datasource reference in a dashboard, with where it sits. */
export function datasourceRefsOf(dashboard: DashboardJson): Array<{ where: string; ref: DatasourceJson }> {
  const refs: Array<{ where: string; ref: DatasourceJson }> = [];
  for (const panel of panelsOf(dashboard)) {
    if (panel.datasource) refs.push({ where: panelName(panel), ref: panel.datasource });
    for (const target of panel.targets ?? []) {
      if (target.datasource)
        refs.push({ where: `${panelName(panel)} target ${target.refId ?? '?'}`, ref: target.datasource });
    }
  }
  for (const annotation of dashboard.annotations?.list ?? []) {
    if (annotation.datasource)
      refs.push({ where: `annotation "${annotation.name ?? ''}"`, ref: annotation.datasource });
  }
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.datasource) refs.push({ where: `variable $${variable.name}`, ref: variable.datasource });
  }
  return refs;
}
