import { distanceM, knotsToMs, lineLengthM, pointAlong, type LonLat } from '../seed/geo.ts';
import { navStatus } from '../seed/positions.ts';

/** A vessel under way along a path: approaching the anchorage, shifting to a berth, or leaving. */
export interface Voyage {
  kind: 'approach' | 'shift' | 'departure';
  callId: number;
  vesselId: number;
  path: LonLat[];
  lengthM: number;
  travelledM: number;
  knots: number;
}

export const voyageKnots = { approach: 12, shift: 6, departure: 12 } as const;

export function startVoyage(kind: Voyage['kind'], callId: number, vesselId: number, path: LonLat[]): Voyage {
  return {
    kind,
    callId,
    vesselId,
    path,
    lengthM: lineLengthM(path),
    travelledM: 0,
    knots: voyageKnots[kind],
  };
}

/**
 * Moves the voyage on by `elapsedMs` of simulated time (real time times the time scale, so a
 * twenty-kilometre approach takes minutes, not hours). Returns true once it reached the end.
 */
export function advance(voyage: Voyage, elapsedMs: number): boolean {
  voyage.travelledM = Math.min(
    voyage.lengthM,
    voyage.travelledM + (knotsToMs(voyage.knots) * elapsedMs) / 1000,
  );
  return voyage.travelledM >= voyage.lengthM;
}

/** The AIS fix of a vessel on its voyage. */
export function voyageFix(voyage: Voyage) {
  const { point, course } = pointAlong(
    voyage.path,
    voyage.lengthM === 0 ? 1 : voyage.travelledM / voyage.lengthM,
  );
  const arrived = voyage.travelledM >= voyage.lengthM;
  return {
    lon: point[0],
    lat: point[1],
    sog: arrived ? 0 : voyage.knots,
    cog: Math.round(course * 10) / 10,
    heading: Math.round(course) % 360,
    nav_status: navStatus.underWay,
  };
}

/** An entry route followed up to where it passes closest to the anchorage, then on to the vessel's spot. */
export function approachPath(entryRoute: readonly LonLat[], spot: LonLat): LonLat[] {
  let closest = 0;
  entryRoute.forEach((p, i) => {
    if (distanceM(p, spot) < distanceM(entryRoute[closest] as LonLat, spot)) closest = i;
  });
  return [...entryRoute.slice(0, closest + 1), spot];
}

/** From the anchorage spot along the anchorage link (or straight to the harbour mouth) to the berth. */
export function shiftPath(
  spot: LonLat,
  link: readonly LonLat[] | undefined,
  mouth: LonLat,
  berth: LonLat,
): LonLat[] {
  return [spot, ...(link ?? [mouth]), berth];
}

/** From the berth out along the exit route. */
export function departurePath(berth: LonLat, exitRoute: readonly LonLat[]): LonLat[] {
  return [berth, ...exitRoute];
}
