import {
  FrameGeometrySourceBuilder,
  FrameGeometrySourceMode,
  MapLayerOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  MapViewConfigBuilder,
  PanelBuilder as GeomapPanel,
  TooltipMode,
  TooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/geomap';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { syntheticVessel } from '../../lib/domain/synthetic-vessel.ts';
import { sqlTarget } from '../core/targets.ts';

/**
 * Latest position of every vessel heard in the last hour, from `vessel_latest_positions` (kept
 * by the ingest path) through the read-only PostgreSQL datasource; the synthetic probes' vessel
 * is no traffic and stays off the map.
 */
export const vesselPositionsSql = [
  'SELECT p.ts AS "time", coalesce(v.name, p.mmsi) AS vessel, coalesce(v.type, \'unknown\') AS vessel_type,',
  '  p.mmsi, p.lat AS latitude, p.lon AS longitude, p.sog AS speed_knots, p.cog AS course, p.heading',
  'FROM vessel_latest_positions p',
  'LEFT JOIN vessels v ON v.id = p.vessel_id',
  `WHERE p.ts > now() - interval '1 hour' AND p.mmsi <> '${syntheticVessel.mmsi}'`,
  'ORDER BY p.ts DESC',
  'LIMIT 2000',
].join('\n');

export function vesselMapGeomap(size: PanelSize = {}): PanelSpec {
  return spec(
    new GeomapPanel()
      .title('Live vessel map')
      .description(
        'Latest position of each vessel heard in the last hour, coloured by type. Source: PostgreSQL.',
      )
      .withTarget(sqlTarget(0, vesselPositionsSql))
      .view(new MapViewConfigBuilder().id('fit').lat(0).lon(0).zoom(12).allLayers(true))
      .tooltip(new TooltipOptionsBuilder().mode(TooltipMode.Details))
      .basemap(new MapLayerOptionsBuilder().type('osm-standard').name('Basemap'))
      .layers([
        new MapLayerOptionsBuilder()
          .type('markers')
          .name('Vessels')
          .tooltip(true)
          .location(
            new FrameGeometrySourceBuilder()
              .mode(FrameGeometrySourceMode.Coords)
              .latitude('latitude')
              .longitude('longitude'),
          )
          .config({
            showLegend: true,
            style: {
              size: { fixed: 6 },
              color: { field: 'vessel_type', fixed: 'dark-green' },
              symbol: { fixed: 'img/icons/marker/triangle.svg', mode: 'fixed' },
              rotation: { field: 'heading', fixed: 0, max: 360, min: -360, mode: 'mod' },
              text: { field: 'vessel', mode: 'field' },
              textConfig: { fontSize: 10, offsetY: -12, textAlign: 'center', textBaseline: 'bottom' },
            },
          }),
      ]),
    size,
  );
}
