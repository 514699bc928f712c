import {
  HeatmapColorMode,
  HeatmapColorScale,
  HeatmapColorOptionsBuilder,
  PanelBuilder as HeatmapPanel,
} from '@grafana/grafana-foundation-sdk/heatmap';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { sqlTarget } from '../core/targets.ts';

const hours = Array.from({ length: 24 }, (_, h) => h);
const column = (h: number) => String(h).padStart(2, '0');

/**
 * Port movements (arrivals and departures) per hour of day (UTC), one column per day: each
 * numeric field of the frame is one row of the heatmap. Read from the port-call event history,
 * which keeps every movement, so any time range works.
 */
export const peakHoursSql = [
  `SELECT date_trunc('day', at, 'UTC') AS "time",`,
  hours
    .map((h) => `  count(*) FILTER (WHERE extract(hour FROM at AT TIME ZONE 'UTC') = ${h}) AS "${column(h)}"`)
    .join(',\n'),
  'FROM port_call_events',
  `WHERE $__timeFilter(at) AND type IN ('arrived', 'departed')`,
  'GROUP BY 1',
  'ORDER BY 1',
].join('\n');

export function peakHoursHeatmap(size: PanelSize = {}): PanelSpec {
  return spec(
    new HeatmapPanel()
      .title('Peak hours: movements by hour of day (UTC)')
      .description(
        'Arrivals and departures per hour of day, per day, from the port-call history (PostgreSQL).',
      )
      .withTarget(sqlTarget(0, peakHoursSql))
      .calculate(false)
      .color(
        new HeatmapColorOptionsBuilder()
          .mode(HeatmapColorMode.Scheme)
          .scheme('Oranges')
          .scale(HeatmapColorScale.Exponential)
          .exponent(0.5)
          .steps(64),
      )
      .unit('short'),
    size,
  );
}
