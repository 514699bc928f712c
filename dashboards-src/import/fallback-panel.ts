import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import { PanelBuilder as BarGaugePanel } from '@grafana/grafana-foundation-sdk/bargauge';
import { ThresholdsConfigBuilder, ThresholdsMode } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as GaugePanel } from '@grafana/grafana-foundation-sdk/gauge';
import { PanelBuilder as HeatmapPanel } from '@grafana/grafana-foundation-sdk/heatmap';
import { PanelBuilder as LogsPanel } from '@grafana/grafana-foundation-sdk/logs';
import { PanelBuilder as PieChartPanel } from '@grafana/grafana-foundation-sdk/piechart';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TextPanel } from '@grafana/grafana-foundation-sdk/text';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import type { PanelJson, TargetJson } from '../core/definition.ts';
import type { PanelBuilderLike } from '../core/panel-spec.ts';
import { lokiTarget, promTarget, sqlTarget } from '../core/targets.ts';
import { chain, type Coded, coded } from './code-values.ts';

const sdk = '@grafana/grafana-foundation-sdk';
/** Panel types with a foundation-sdk builder here: the class, and the name the module imports it as. */
const panelBuilders: Record<string, [new () => PanelBuilderLike, string]> = {
  timeseries: [TimeseriesPanel, 'TimeseriesPanel'],
  stat: [StatPanel, 'StatPanel'],
  bargauge: [BarGaugePanel, 'BarGaugePanel'],
  gauge: [GaugePanel, 'GaugePanel'],
  table: [TablePanel, 'TablePanel'],
  piechart: [PieChartPanel, 'PieChartPanel'],
  heatmap: [HeatmapPanel, 'HeatmapPanel'],
  logs: [LogsPanel, 'LogsPanel'],
  text: [TextPanel, 'TextPanel'],
};

/** The import lines the code below needs: identifier -> [module, imported name]. */
export const fallbackImports = (type: string): Map<string, [string, string]> => {
  const [, name] = panelBuilders[type]!;
  return new Map([
    [name, [`${sdk}/${type}`, 'PanelBuilder']],
    ['ThresholdsConfigBuilder', [`${sdk}/dashboard`, 'ThresholdsConfigBuilder']],
    ['ThresholdsMode', [`${sdk}/dashboard`, 'ThresholdsMode']],
    ['promTarget', ['../core/targets.ts', 'promTarget']],
    ['lokiTarget', ['../core/targets.ts', 'lokiTarget']],
    ['sqlTarget', ['../core/targets.ts', 'sqlTarget']],
  ]);
};

export const hasBuilder = (type: string) => type in panelBuilders;

function target(t: TargetJson, i: number): Coded<Builder<Dataquery>> {
  const at = coded(i);
  const type = t.datasource?.type ?? '';
  if (typeof t.rawSql === 'string') {
    const format = t.format === 'time_series' ? 'time_series' : 'table';
    return {
      code: `sqlTarget(${i}, ${coded(t.rawSql).code}, ${coded(format).code})`,
      value: sqlTarget(i, t.rawSql, format),
    };
  }
  const expr = coded(typeof t.expr === 'string' ? t.expr : '');
  if (type === 'loki') {
    const options = {
      ...(typeof t.legendFormat === 'string' ? { legend: t.legendFormat } : {}),
      ...(t.instant === true ? { instant: true } : {}),
      ...(typeof t.maxLines === 'number' ? { maxLines: t.maxLines } : {}),
    };
    return {
      code: `lokiTarget(${at.code}, ${expr.code}, ${coded(options).code})`,
      value: lokiTarget(i, expr.value, options),
    };
  }
  const format =
    t.format === 'table' || t.format === 'heatmap' ? (t.format as 'table' | 'heatmap') : undefined;
  const options = {
    ...(typeof t.legendFormat === 'string' ? { legend: t.legendFormat } : {}),
    ...(t.instant === true ? { instant: true } : {}),
    ...(format ? { format } : {}),
    ...(typeof t.interval === 'string' && t.interval ? { interval: t.interval } : {}),
  };
  return {
    code: `promTarget(${at.code}, ${expr.code}, ${coded(options).code})`,
    value: promTarget(i, expr.value, options),
  };
}

type Defaults = {
  unit?: string;
  decimals?: number;
  min?: number;
  max?: number;
  thresholds?: { mode?: string; steps?: unknown[] };
};

/**
 * A panel no factory builds, as a foundation-sdk builder: title, description, unit, decimals,
 * min, max, thresholds and targets through builder methods; whatever else differs the caller
 * keeps as `changes`. Undefined for a panel type without a builder here.
 */
export function fallbackBuilder(panel: PanelJson): Coded<PanelBuilderLike> | undefined {
  const entry = panelBuilders[panel.type];
  if (!entry) return undefined;
  const [Panel, name] = entry;
  const steps: Array<[string, Coded[]]> = [];
  if (panel.title !== undefined) steps.push(['title', [coded(panel.title)]]);
  if (typeof panel.description === 'string') steps.push(['description', [coded(panel.description)]]);
  const defaults = ((panel.fieldConfig as { defaults?: Defaults } | undefined)?.defaults ?? {}) as Defaults;
  const builder = new Panel() as unknown as Record<string, unknown>;
  const has = (method: string) => typeof builder[method] === 'function';
  for (const field of ['unit', 'decimals', 'min', 'max'] as const)
    if (defaults[field] !== undefined && has(field)) steps.push([field, [coded(defaults[field])]]);
  if (defaults.thresholds?.steps && has('thresholds')) {
    const mode = defaults.thresholds.mode === 'percentage' ? 'Percentage' : 'Absolute';
    const config = chain({ code: 'new ThresholdsConfigBuilder()', value: new ThresholdsConfigBuilder() }, [
      ['mode', [{ code: `ThresholdsMode.${mode}`, value: ThresholdsMode[mode] }]],
      ['steps', [coded(defaults.thresholds.steps)]],
    ]);
    steps.push(['thresholds', [config]]);
  }
  if (has('withTarget')) (panel.targets ?? []).forEach((t, i) => steps.push(['withTarget', [target(t, i)]]));
  return chain({ code: `new ${name}()`, value: builder as unknown as PanelBuilderLike }, steps);
}
