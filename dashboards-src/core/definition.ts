import { type DashboardKey, dashboards } from '../../lib/monitoring/index.ts';
import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import {
  type AnnotationQuery,
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  RowBuilder,
  type VariableModel,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { layout } from './layout.ts';
import type { EmptyWhenHealthy, RowSpec } from './panel-spec.ts';

/** Folders by audience; the provisioning provider turns the directories into folders. */
export type Folder = 'Operations' | 'Platform' | 'Business';

export const dashboardsDir = 'stack/grafana/dashboards';
/** Every generated dashboard carries it; the dashboards' link menu lists them by it. */
export const commonTag = 'porttrack';

export interface DashboardInput {
  key: DashboardKey;
  folder: Folder;
  description: string;
  tags?: string[];
  /** Default time range start, e.g. `now-6h`. */
  from?: string;
  variables?: Builder<VariableModel>[];
  annotations?: Builder<AnnotationQuery>[];
  rows: RowSpec[];
}

/** The generated JSON, as Grafana reads it. Only the fields the checks look at are typed. */
export interface DashboardJson {
  uid: string;
  title: string;
  panels: PanelJson[];
  annotations?: { list?: Array<{ name?: string; datasource?: DatasourceJson; expr?: string }> };
  templating?: { list?: Array<{ name: string; datasource?: DatasourceJson; query?: unknown }> };
  [key: string]: unknown;
}
export interface DatasourceJson {
  type?: string;
  uid?: string;
}
export interface TargetJson {
  refId?: string;
  datasource?: DatasourceJson;
  expr?: string;
  rawSql?: string;
  [key: string]: unknown;
}
export interface PanelJson {
  id?: number;
  type: string;
  title?: string;
  gridPos?: { x: number; y: number; w: number; h: number };
  datasource?: DatasourceJson;
  targets?: TargetJson[];
  panels?: PanelJson[];
  [key: string]: unknown;
}

export interface DashboardDefinition {
  key: DashboardKey;
  uid: string;
  title: string;
  folder: Folder;
  /** Output path relative to the repository root. */
  file: string;
  /** Panel id -> why it may be empty on a healthy system and which drill proves it. */
  emptyWhenHealthy: ReadonlyMap<number, EmptyWhenHealthy>;
  build(): DashboardJson;
}

export function defineDashboard(input: DashboardInput): DashboardDefinition {
  const { uid, title } = dashboards[input.key];
  const placed = layout(input.rows, `dashboard ${uid}`);
  const emptyWhenHealthy = new Map<number, EmptyWhenHealthy>();
  for (const placedRow of placed) {
    for (const panel of placedRow.panels) {
      if (panel.spec.emptyWhenHealthy) emptyWhenHealthy.set(panel.id, panel.spec.emptyWhenHealthy);
    }
  }
  const build = (): DashboardJson => {
    const builder = new DashboardBuilder(title)
      .uid(uid)
      .description(input.description)
      .tags([commonTag, ...(input.tags ?? [])])
      .timezone('browser')
      .time({ from: input.from ?? 'now-6h', to: 'now' })
      .refresh('30s')
      .tooltip(DashboardCursorSync.Crosshair)
      .link(
        new DashboardLinkBuilder('PortTrack dashboards')
          .type(DashboardLinkType.Dashboards)
          .tags([commonTag])
          .asDropdown(true)
          .keepTime(true)
          .includeVars(false)
          .targetBlank(false),
      );
    for (const variable of input.variables ?? []) builder.withVariable(variable);
    for (const annotation of input.annotations ?? []) builder.annotation(annotation);
    for (const placedRow of placed) {
      builder.withRow(new RowBuilder(placedRow.title).id(placedRow.id).gridPos(placedRow.gridPos));
      for (const panel of placedRow.panels) {
        panel.spec.builder.id(panel.id);
        panel.spec.builder.gridPos(panel.gridPos);
        builder.withPanel(panel.spec.builder);
      }
    }
    // A plain JSON object: what the file will hold, without class instances or undefined.
    const json = JSON.parse(JSON.stringify(builder.build())) as DashboardJson;
    return withPanelDatasources(withDefaultPlacement(json));
  };
  return {
    key: input.key,
    uid,
    title,
    folder: input.folder,
    file: `${dashboardsDir}/${input.folder}/${uid}.json`,
    emptyWhenHealthy,
    build,
  };
}

/**
 * SDK 0.0.21 stamps `placement: "inControlsMenu"` on every link (dashboard and panel) and annotation, which tucks
 * them into the controls dropdown of recent Grafana. Without it they sit in the top bar.
 */
function withDefaultPlacement(json: DashboardJson): DashboardJson {
  type Placed = Array<{ placement?: unknown }>;
  const lists: Placed[] = [
    (json.links ?? []) as Placed,
    (json.annotations?.list ?? []) as Placed,
    ...json.panels.map((panel) => (panel.links ?? []) as Placed),
  ];
  for (const item of lists.flat()) delete item.placement;
  return json;
}

/**
 * Grafana runs a panel's queries through the panel's datasource; per-target datasources only
 * count under "Mixed". Each panel here queries one datasource: state it on the panel too.
 */
function withPanelDatasources(json: DashboardJson): DashboardJson {
  for (const panel of json.panels) {
    const uids = new Set((panel.targets ?? []).map((t) => t.datasource?.uid));
    const first = panel.targets?.[0]?.datasource;
    if (!panel.datasource && first && uids.size === 1) panel.datasource = { ...first };
  }
  return json;
}
