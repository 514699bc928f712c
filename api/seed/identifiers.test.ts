import { describe, expect, it } from 'vitest';
import { imoCheckDigit, isValidImo, makeImo, makeMmsi } from './identifiers.ts';
import { planDemoPort } from './plan.ts';

describe('ship identifiers', () => {
  it('computes IMO check digits like the published examples', () => {
    // IMO 9074729: 9*7 + 0*6 + 7*5 + 4*4 + 7*3 + 2*2 = 139 -> 9.
    expect(imoCheckDigit('907472')).toBe(9);
    expect(isValidImo('9074729')).toBe(true);
    expect(isValidImo('9074728')).toBe(false);
    expect(isValidImo('907472')).toBe(false);
    expect(makeImo(907472)).toBe('9074729');
  });

  it('builds 9-digit MMSIs from a ship-station MID', () => {
    expect(makeMmsi(224, 12)).toBe('224000012');
    expect(() => makeMmsi(100, 1)).toThrow(/MID/);
  });
});

describe('planDemoPort', () => {
  it('is deterministic for a seed and instant, and differs for another seed', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const one = planDemoPort({ now });
    expect(planDemoPort({ now })).toEqual(one);
    expect(planDemoPort({ now, seed: 1 }).vessels).not.toEqual(one.vessels);
    expect(new Set(one.vessels.map((v) => v.imo)).size).toBe(one.vessels.length);
    expect(new Set(one.vessels.map((v) => v.mmsi)).size).toBe(one.vessels.length);
  });
});
