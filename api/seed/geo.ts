/** [longitude, latitude], GeoJSON order. */
export type LonLat = readonly [number, number];

export interface LineString {
  type: 'LineString';
  coordinates: LonLat[];
}

const earthRadiusM = 6_371_000;
const rad = (deg: number) => (deg * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

export function distanceM(a: LonLat, b: LonLat): number {
  const dLat = rad(b[1] - a[1]);
  const dLon = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial course from a to b, degrees clockwise from north in [0, 360). */
export function bearingDeg(a: LonLat, b: LonLat): number {
  const y = Math.sin(rad(b[0] - a[0])) * Math.cos(rad(b[1]));
  const x =
    Math.cos(rad(a[1])) * Math.sin(rad(b[1])) -
    Math.sin(rad(a[1])) * Math.cos(rad(b[1])) * Math.cos(rad(b[0] - a[0]));
  return (deg(Math.atan2(y, x)) + 360) % 360;
}

export function lineLengthM(line: readonly LonLat[]): number {
  let total = 0;
  for (let i = 1; i < line.length; i++) total += distanceM(line[i - 1] as LonLat, line[i] as LonLat);
  return total;
}

export interface PointOnLine {
  point: LonLat;
  /** Course of the segment the point lies on. */
  course: number;
}

/**
 * The point at `fraction` (0 = first waypoint, 1 = last) of the line's length, by linear
 * interpolation inside the segment it falls in (segments are a few km: planar is fine).
 */
export function pointAlong(line: readonly LonLat[], fraction: number): PointOnLine {
  if (line.length < 2) throw new Error('a LineString needs at least two waypoints');
  const f = Math.min(1, Math.max(0, fraction));
  if (f === 1) {
    const last = line.at(-1) as LonLat;
    return { point: last, course: bearingDeg(line.at(-2) as LonLat, last) };
  }
  let remaining = f * lineLengthM(line);
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1] as LonLat;
    const b = line[i] as LonLat;
    const segment = distanceM(a, b);
    if (remaining <= segment || i === line.length - 1) {
      const t = segment === 0 ? 1 : Math.min(1, remaining / segment);
      return { point: [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t], course: bearingDeg(a, b) };
    }
    remaining -= segment;
  }
  throw new Error('unreachable');
}

/** Moves a point by metres east and north. */
export function offsetM(point: LonLat, eastM: number, northM: number): LonLat {
  const dLat = northM / earthRadiusM;
  const dLon = eastM / (earthRadiusM * Math.cos(rad(point[1])));
  return [point[0] + deg(dLon), point[1] + deg(dLat)];
}

/** Knots to metres per second. */
export const knotsToMs = (knots: number) => (knots * 1852) / 3600;
