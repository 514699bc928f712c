import type { Schema } from '../../lib/api-contract/index.ts';
import type { LonLat } from '../seed/geo.ts';
import { offsetM } from '../seed/geo.ts';
import { berthSites, port } from '../seed/port-geography.ts';
import { anchorageSpot, navStatus } from '../seed/positions.ts';
import { createRandom } from '../seed/random.ts';
import { voyageFix, type Voyage } from './voyages.ts';
import type { Berth, World } from './world.ts';

/** One AIS-like report as `POST /positions` takes it (the document's schema), every field given. */
export type PositionReport = Schema<'PositionReport'> & {
  mmsi: string;
  sog: number;
  cog: number;
  heading: number;
  nav_status: number;
};

/** Each vessel keeps its own spot in the anchorage, derived from its id. */
export const anchorSpotOf = (vesselId: number): LonLat => {
  const fix = anchorageSpot(createRandom(vesselId));
  return [fix.lon, fix.lat];
};

/** Where a berth is: from the port's geography by code, else a spot on the quays derived from its id. */
export function berthPosition(berth: Pick<Berth, 'id' | 'code'> | undefined): {
  point: LonLat;
  heading: number;
} {
  const site = berth && berthSites.find((b) => b.code === berth.code);
  if (site) return { point: site.position, heading: site.heading };
  const id = berth?.id ?? 0;
  return { point: offsetM(port.centre, ((id * 97) % 600) - 300, ((id * 53) % 600) - 300), heading: 0 };
}

/**
 * The reports of every vessel in or near port at `now`: under way on a voyage, moored at its
 * berth, or swinging at anchor.
 */
export function positionReports(
  world: World,
  voyages: ReadonlyMap<number, Voyage>,
  now: Date,
): PositionReport[] {
  const ts = now.toISOString();
  const vessels = new Map(world.vessels.map((v) => [v.id, v]));
  const berths = new Map(world.berths.map((b) => [b.id, b]));
  const reports: PositionReport[] = [];
  const seen = new Set<number>();
  for (const voyage of voyages.values()) {
    const vessel = vessels.get(voyage.vesselId);
    if (!vessel) continue;
    seen.add(vessel.id);
    reports.push({ mmsi: vessel.mmsi, ts, ...voyageFix(voyage) });
  }
  for (const call of world.calls) {
    const vessel = vessels.get(call.vessel_id);
    if (!vessel || seen.has(vessel.id)) continue;
    if (call.status === 'berthed') {
      const { point, heading } = berthPosition(
        call.berth_id === null ? undefined : berths.get(call.berth_id),
      );
      reports.push({
        mmsi: vessel.mmsi,
        ts,
        lon: point[0],
        lat: point[1],
        sog: 0,
        cog: 0,
        heading,
        nav_status: navStatus.moored,
      });
    } else if (call.status === 'at_anchorage') {
      // At anchor a ship swings around its anchor: a few metres of drift each report.
      const swing = (now.getTime() / 60_000 + vessel.id) % (2 * Math.PI);
      const [lon, lat] = offsetM(anchorSpotOf(vessel.id), 25 * Math.cos(swing), 25 * Math.sin(swing));
      const heading = Math.round((swing * 180) / Math.PI) % 360;
      reports.push({
        mmsi: vessel.mmsi,
        ts,
        lon,
        lat,
        sog: 0.2,
        cog: heading,
        heading,
        nav_status: navStatus.atAnchor,
      });
    }
  }
  return reports;
}
