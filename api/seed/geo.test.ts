import { describe, expect, it } from 'vitest';
import { bearingDeg, distanceM, lineLengthM, offsetM, pointAlong, type LonLat } from './geo.ts';

const a: LonLat = [-0.3, 39.437];
const b: LonLat = [-0.2, 39.437];
const c: LonLat = [-0.2, 39.537];

describe('geo', () => {
  it('measures distances and courses on the sphere', () => {
    // 0.1 degree of latitude is 11.1 km everywhere.
    expect(distanceM(b, c)).toBeCloseTo(11_119, -1);
    expect(bearingDeg(b, c)).toBeCloseTo(0, 5);
    expect(bearingDeg(a, b)).toBeCloseTo(90, 0);
    expect(bearingDeg(c, b)).toBeCloseTo(180, 5);
    expect(lineLengthM([a, b, c])).toBeCloseTo(distanceM(a, b) + distanceM(b, c), 6);
  });

  it('interpolates along a LineString by length, clamped to its ends', () => {
    const line = [a, b, c];
    const total = lineLengthM(line);
    const first = distanceM(a, b);
    expect(pointAlong(line, 0).point).toEqual(a);
    expect(pointAlong(line, 1).point).toEqual(c);
    expect(pointAlong(line, 2).point).toEqual(c);
    const mid = pointAlong(line, first / total / 2);
    expect(mid.point[0]).toBeCloseTo(-0.25, 6);
    expect(mid.course).toBeCloseTo(90, 0);
    const onSecond = pointAlong(line, (first + distanceM(b, c) / 2) / total);
    expect(onSecond.point[1]).toBeCloseTo(39.487, 3);
    expect(onSecond.course).toBeCloseTo(0, 3);
    expect(() => pointAlong([a], 0.5)).toThrow(/two waypoints/);
  });

  it('offsets a point by metres', () => {
    const moved = offsetM(a, 1000, -500);
    expect(distanceM(a, moved)).toBeCloseTo(Math.hypot(1000, 500), -1);
    expect(bearingDeg(a, moved)).toBeGreaterThan(90);
    expect(bearingDeg(a, moved)).toBeLessThan(180);
  });
});
