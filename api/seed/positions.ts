import { knotsToMs, lineLengthM, offsetM, pointAlong, type LonLat } from './geo.ts';
import type { PortCallSeed } from './port-calls.ts';
import { berthSites, port, routeSites } from './port-geography.ts';
import type { Column } from './bulk-insert.ts';
import type { Random } from './random.ts';

/**
 * The columns a position row is written with (positions and vessel_latest_positions), in order:
 * the demo seed and the 30-day history write their rows through this one list.
 */
export const positionColumns: readonly Column[] = [
  ['vessel_id', 'int8'],
  ['mmsi', 'text'],
  ['ts', 'timestamptz'],
  ['lat', 'float8'],
  ['lon', 'float8'],
  ['sog', 'float8'],
  ['cog', 'float8'],
  ['heading', 'int4'],
  ['nav_status', 'int4'],
  ['received_at', 'timestamptz'],
];

/** AIS navigational status codes used here. */
export const navStatus = { underWay: 0, atAnchor: 1, moored: 5 } as const;

export interface PositionSeed {
  vessel: number;
  ts: Date;
  lat: number;
  lon: number;
  sog: number;
  cog: number;
  heading: number;
  navStatus: number;
}

/** Where a vessel is and how it moves, at one moment. */
export type Fix = Omit<PositionSeed, 'vessel' | 'ts'>;

const minute = 60_000;
export const transitKnots = 9;
const sampleEveryMs = 5 * minute;
const samples = 36;

/** Where a vessel on a route is at time `t`, given when it is at the route's start. */
export function onRoute(
  coordinates: readonly LonLat[],
  startsAt: number,
  t: number,
  knots = transitKnots,
): Fix | undefined {
  const fraction = (((t - startsAt) / 1000) * knotsToMs(knots)) / lineLengthM(coordinates);
  if (fraction < 0 || fraction > 1) return undefined;
  const { point, course } = pointAlong(coordinates, fraction);
  const cog = Math.round(course * 10) / 10;
  return {
    lon: point[0],
    lat: point[1],
    sog: knots,
    cog,
    heading: Math.round(course) % 360,
    navStatus: navStatus.underWay,
  };
}

/** A moored vessel at its berth. */
export function atBerth(berth: number): Fix {
  const site = berthSites[berth];
  if (!site) throw new Error(`no berth site ${berth}`);
  return {
    lon: site.position[0],
    lat: site.position[1],
    sog: 0,
    cog: 0,
    heading: site.heading,
    navStatus: navStatus.moored,
  };
}

/** A spot in the anchorage for a vessel, spread out by the random source. */
export function anchorageSpot(random: Random): Fix {
  const angle = random.float(0, 2 * Math.PI);
  const r = port.anchorage.radiusM * Math.sqrt(random.next());
  const [lon, lat] = offsetM(port.anchorage.centre, r * Math.cos(angle), r * Math.sin(angle));
  return {
    lon,
    lat,
    sog: Math.round(random.float(0, 0.4) * 10) / 10,
    cog: 0,
    heading: random.int(0, 359),
    navStatus: navStatus.atAnchor,
  };
}

const travelMs = (coordinates: readonly LonLat[]) =>
  (lineLengthM(coordinates) / knotsToMs(transitKnots)) * 1000;

/**
 * The last three hours of AIS reports (every five minutes) of the vessels in or near port: berthed,
 * at anchorage, approaching on their entry route and leaving on their exit route.
 */
export function planPositions(random: Random, calls: readonly PortCallSeed[], now: Date): PositionSeed[] {
  const t = now.getTime();
  const out: PositionSeed[] = [];
  for (const call of calls) {
    let fixAt: ((at: number) => Fix | undefined) | undefined;
    if (call.status === 'berthed' && call.berth !== null) {
      const fix = atBerth(call.berth);
      fixAt = () => fix;
    } else if (call.status === 'at_anchorage') {
      const fix = anchorageSpot(random);
      fixAt = () => fix;
    } else if (call.status === 'expected') {
      const route = (routeSites[call.entryRoute] as (typeof routeSites)[number]).coordinates;
      const start = call.eta.getTime() - travelMs(route);
      fixAt = (at) => onRoute(route, start, at);
    } else if (call.status === 'departed' && call.departedAt) {
      const route = (routeSites[call.exitRoute] as (typeof routeSites)[number]).coordinates;
      const start = call.departedAt.getTime();
      fixAt = (at) => onRoute(route, start, at);
    }
    if (!fixAt) continue;
    // Reports arrive a little irregularly, like real AIS.
    const lag = random.float(5, 90) * 1000;
    for (let k = samples - 1; k >= 0; k--) {
      const ts = t - lag - k * sampleEveryMs;
      const fix = fixAt(ts);
      if (fix) out.push({ vessel: call.vessel, ts: new Date(ts), ...fix });
    }
  }
  return out;
}

/** The newest report per vessel. */
export function latestPositions(positions: readonly PositionSeed[]): PositionSeed[] {
  const latest = new Map<number, PositionSeed>();
  for (const p of positions) {
    const seen = latest.get(p.vessel);
    if (!seen || seen.ts < p.ts) latest.set(p.vessel, p);
  }
  return [...latest.values()];
}
