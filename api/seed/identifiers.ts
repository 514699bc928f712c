/**
 * Ship identifiers. IMO numbers are 7 digits whose last digit is the sum of the first six
 * weighted 7..2, modulo 10. MMSIs are 9 digits starting with the flag's Maritime
 * Identification Digits (MID).
 */
export function imoCheckDigit(firstSix: string): number {
  if (!/^\d{6}$/.test(firstSix)) throw new Error(`IMO base must be 6 digits, got "${firstSix}"`);
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(firstSix[i]) * (7 - i);
  return sum % 10;
}

export function isValidImo(imo: string): boolean {
  return /^\d{7}$/.test(imo) && imoCheckDigit(imo.slice(0, 6)) === Number(imo[6]);
}

export function makeImo(firstSix: number): string {
  const base = String(firstSix).padStart(6, '0');
  return `${base}${imoCheckDigit(base)}`;
}

export function makeMmsi(mid: number, serial: number): string {
  if (mid < 201 || mid > 775) throw new Error(`MID ${mid} is not a ship-station MID (201-775)`);
  return `${mid}${String(serial % 1_000_000).padStart(6, '0')}`;
}

/** Maritime Identification Digits of the flags the demo fleet flies. */
export const flagMids: Record<string, number> = {
  PA: 352,
  LR: 636,
  MT: 248,
  MH: 538,
  BS: 311,
  ES: 224,
  GR: 240,
  PT: 263,
  IT: 247,
  CY: 210,
  SG: 563,
  HK: 477,
  NO: 257,
  DE: 211,
  NL: 244,
  DK: 219,
  GB: 232,
  FR: 228,
  CN: 413,
  TR: 271,
  MA: 242,
  DZ: 605,
};
