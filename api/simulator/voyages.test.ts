import { describe, expect, it } from 'vitest';
import { distanceM, type LonLat } from '../seed/geo.ts';
import { advance, approachPath, departurePath, startVoyage, voyageFix } from './voyages.ts';

const route: LonLat[] = [
  [-0.12, 39.56],
  [-0.2, 39.5],
  [-0.26, 39.455],
  [-0.288, 39.441],
  [-0.3, 39.437],
];
const spot: LonLat = [-0.245, 39.455];

describe('voyages', () => {
  it('leaves the entry route where it passes closest to the anchorage spot', () => {
    expect(approachPath(route, spot)).toEqual([route[0], route[1], route[2], spot]);
  });

  it('moves at its speed in knots, reports course and speed, and stops at the end', () => {
    const voyage = startVoyage('approach', 1, 2, approachPath(route, spot));
    const start = voyageFix(voyage);
    expect(start.sog).toBe(12);
    expect(start.cog).toBeGreaterThan(180); // heading south-west towards the port
    expect(start.cog).toBeLessThan(270);
    expect(advance(voyage, 60_000)).toBe(false);
    const fix = voyageFix(voyage);
    // 12 knots for one minute is 370.4 m.
    expect(distanceM(route[0] as LonLat, [fix.lon, fix.lat])).toBeCloseTo(370.4, 0);
    expect(advance(voyage, 10 * 3_600_000)).toBe(true);
    const end = voyageFix(voyage);
    expect([end.lon, end.lat]).toEqual(spot);
    expect(end.sog).toBe(0);
  });

  it('departs from the berth along the exit route', () => {
    const berth: LonLat = [-0.31, 39.43];
    const path = departurePath(berth, route.slice().reverse());
    expect(path[0]).toEqual(berth);
    expect(path.at(-1)).toEqual(route[0]);
  });
});
