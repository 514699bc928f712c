import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import {
  BarGaugeDisplayMode,
  BigValueColorMode,
  BigValueGraphMode,
  GraphDrawStyle,
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  StackingConfigBuilder,
  StackingMode,
  VizLegendOptionsBuilder,
  VizOrientation,
  VizTooltipOptionsBuilder,
  TooltipDisplayMode,
  SortOrder,
} from '@grafana/grafana-foundation-sdk/common';
import { ThresholdsConfigBuilder, ThresholdsMode } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as BarGaugePanel } from '@grafana/grafana-foundation-sdk/bargauge';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';

/**
 * Generic panel kinds with the house defaults (visible legends, sensible tooltips). The subject
 * factories (`requestRateTimeseries()` and friends) build on these.
 */
export interface PanelBase {
  title: string;
  description: string;
  unit: string;
  targets: readonly Builder<Dataquery>[];
}

export interface Threshold {
  /** Lower bound of the step; the first step starts at -Infinity. */
  from: number | null;
  color: 'green' | 'yellow' | 'orange' | 'red' | 'blue';
}

export function thresholds(steps: readonly Threshold[]): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder()
    .mode(ThresholdsMode.Absolute)
    .steps(steps.map((s) => ({ value: s.from, color: s.color })));
}

function withCommon<
  T extends {
    title(t: string): T;
    description(d: string): T;
    unit(u: string): T;
    withTarget(t: Builder<Dataquery>): T;
  },
>(panel: T, base: PanelBase): T {
  panel.title(base.title).description(base.description).unit(base.unit);
  for (const target of base.targets) panel.withTarget(target);
  return panel;
}

export interface TimeseriesOptions extends PanelBase {
  stacked?: boolean;
  bars?: boolean;
  min?: number;
  max?: number;
  thresholdSteps?: readonly Threshold[];
  /** Minimum step, e.g. `1d` for per-day bars. */
  interval?: string;
  /** Draw the threshold steps as dashed lines. */
  thresholdLines?: boolean;
}

export function timeseries(options: TimeseriesOptions): TimeseriesPanel {
  const panel = withCommon(new TimeseriesPanel(), options)
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.Table)
        .placement(LegendPlacement.Bottom)
        .calcs(['mean', 'max', 'lastNotNull']),
    )
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending))
    .fillOpacity(options.stacked || options.bars ? 60 : 10)
    .lineWidth(1);
  if (options.stacked) panel.stacking(new StackingConfigBuilder().mode(StackingMode.Normal));
  if (options.bars) panel.drawStyle(GraphDrawStyle.Bars);
  if (options.min !== undefined) panel.min(options.min);
  if (options.max !== undefined) panel.max(options.max);
  if (options.thresholdSteps) panel.thresholds(thresholds(options.thresholdSteps));
  if (options.interval) panel.interval(options.interval);
  if (options.thresholdLines) {
    panel.thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed));
  }
  return panel;
}

export interface StatOptions extends PanelBase {
  thresholdSteps?: readonly Threshold[];
  decimals?: number;
  sparkline?: boolean;
}

export function stat(options: StatOptions): StatPanel {
  const panel = withCommon(new StatPanel(), options)
    .graphMode(options.sparkline === false ? BigValueGraphMode.None : BigValueGraphMode.Area)
    .colorMode(BigValueColorMode.Value)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .thresholds(thresholds(options.thresholdSteps ?? [{ from: null, color: 'green' }]));
  if (options.decimals !== undefined) panel.decimals(options.decimals);
  return panel;
}

export interface BarGaugeOptions extends PanelBase {
  thresholdSteps?: readonly Threshold[];
  min?: number;
  max?: number;
}

export function barGauge(options: BarGaugeOptions): BarGaugePanel {
  const panel = withCommon(new BarGaugePanel(), options)
    .displayMode(BarGaugeDisplayMode.Gradient)
    .orientation(VizOrientation.Horizontal)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .thresholds(thresholds(options.thresholdSteps ?? [{ from: null, color: 'green' }]));
  if (options.min !== undefined) panel.min(options.min);
  if (options.max !== undefined) panel.max(options.max);
  return panel;
}

export interface TableOptions extends PanelBase {
  thresholdSteps?: readonly Threshold[];
}

export function table(options: TableOptions): TablePanel {
  const panel = withCommon(new TablePanel(), options);
  if (options.thresholdSteps) panel.thresholds(thresholds(options.thresholdSteps));
  return panel;
}
