import type { VesselType } from '../../lib/domain/vocabulary.ts';
import { flagMids, makeImo, makeMmsi } from './identifiers.ts';
import type { Random } from './random.ts';

export type { VesselType };

export interface VesselSeed {
  imo: string;
  mmsi: string;
  name: string;
  type: VesselType;
  flag: string;
  grossTonnage: number;
  lengthM: number;
  status: 'active' | 'inactive' | 'decommissioned';
}

interface TypeProfile {
  weight: number;
  lengthM: readonly [number, number];
  /** Gross tonnage is roughly this times length cubed / 1000 for the type's hull shapes. */
  tonnageFactor: number;
  flags: readonly string[];
  names: (random: Random) => string;
}

const words = {
  places: [
    'Valencia',
    'Genova',
    'Tanger',
    'Algeciras',
    'Piraeus',
    'Rotterdam',
    'Hamburg',
    'Shanghai',
    'Singapore',
    'Istanbul',
    'Marseille',
    'Lisboa',
    'Oran',
    'Livorno',
    'Malaga',
    'Barcelona',
    'Napoli',
    'Izmir',
    'Antwerp',
    'Busan',
  ],
  sea: [
    'Star',
    'Spirit',
    'Dawn',
    'Glory',
    'Pride',
    'Wave',
    'Horizon',
    'Voyager',
    'Breeze',
    'Trader',
    'Fortune',
    'Venture',
    'Harmony',
    'Pioneer',
    'Navigator',
    'Explorer',
  ],
  adjectives: [
    'Nordic',
    'Aegean',
    'Pacific',
    'Atlantic',
    'Golden',
    'Silver',
    'Ocean',
    'Coral',
    'Iberian',
    'Baltic',
    'Levante',
    'Adriatic',
    'Eastern',
    'Crystal',
    'Blue',
    'Royal',
  ],
  women: [
    'Maria',
    'Elena',
    'Sofia',
    'Anna',
    'Isabella',
    'Lucia',
    'Carmen',
    'Clara',
    'Ines',
    'Paola',
    'Greta',
    'Helena',
    'Irene',
    'Marta',
    'Alba',
    'Nora',
  ],
  ever: ['Given', 'Gentle', 'Glory', 'Ace', 'Alot', 'Apex', 'Bright', 'Lucid', 'Fair', 'Grade'],
};

const profiles: Record<VesselType, TypeProfile> = {
  container: {
    weight: 28,
    lengthM: [140, 400],
    tonnageFactor: 3.1,
    flags: ['PA', 'LR', 'MT', 'MH', 'SG', 'HK', 'DK', 'DE', 'CN', 'PT'],
    names: (r) =>
      r.weighted<() => string>([
        [() => `MSC ${r.pick(words.women)}`, 3],
        [() => `Maersk ${r.pick(words.places)}`, 2],
        [() => `CMA CGM ${r.pick(words.sea)}`, 2],
        [() => `Ever ${r.pick(words.ever)}`, 1],
        [() => `Cosco ${r.pick(words.places)}`, 1],
        [() => `${r.pick(words.places)} Express`, 2],
      ])(),
  },
  bulk: {
    weight: 18,
    lengthM: [150, 300],
    tonnageFactor: 3.7,
    flags: ['PA', 'LR', 'MH', 'MT', 'GR', 'CY', 'HK', 'BS'],
    names: (r) => `${r.pick(words.adjectives)} ${r.pick(words.sea)}`,
  },
  tanker: {
    weight: 15,
    lengthM: [110, 330],
    tonnageFactor: 3.7,
    flags: ['LR', 'MH', 'MT', 'GR', 'NO', 'BS', 'SG', 'TR'],
    names: (r) =>
      r.weighted<() => string>([
        [() => `${r.pick(words.adjectives)} ${r.pick(['Voyager', 'Spirit', 'Crude', 'Energy'])}`, 2],
        [() => `Stena ${r.pick(words.sea)}`, 1],
        [() => `${r.pick(words.women)} ${r.pick(['Knutsen', 'Theresa', 'M'])}`, 1],
      ])(),
  },
  roro: {
    weight: 10,
    lengthM: [140, 240],
    tonnageFactor: 6,
    flags: ['IT', 'ES', 'MT', 'NO', 'GB', 'NL'],
    names: (r) =>
      r.weighted<() => string>([
        [() => `Grande ${r.pick(words.places)}`, 3],
        [() => `Auto ${r.pick(words.sea)}`, 1],
        [() => `${r.pick(words.places)} Bridge`, 1],
      ])(),
  },
  passenger: {
    weight: 9,
    lengthM: [120, 340],
    tonnageFactor: 4.8,
    flags: ['ES', 'IT', 'MT', 'BS', 'PA', 'FR', 'MA', 'DZ'],
    names: (r) =>
      r.weighted<() => string>([
        [() => `Ciudad de ${r.pick(words.places)}`, 2],
        [() => `Costa ${r.pick(['Smeralda', 'Firenze', 'Fascinosa', 'Diadema', 'Pacifica', 'Toscana'])}`, 1],
        [
          () =>
            `${r.pick(['Martin i Soler', 'Hypatia de Alejandria', 'Eleanor Roosevelt', 'Nápoles', 'Sicilia'])}`,
          1,
        ],
      ])(),
  },
  tug: {
    weight: 7,
    lengthM: [24, 40],
    tonnageFactor: 12,
    flags: ['ES'],
    names: (r) =>
      `VB ${r.pick(['Caliente', 'Furia', 'Tritón', 'Hércules', 'Coloso', 'Titán', 'Ciclón', 'Bravo'])}`,
  },
  fishing: {
    weight: 6,
    lengthM: [14, 60],
    tonnageFactor: 10,
    flags: ['ES', 'PT', 'FR', 'MA'],
    names: (r) =>
      `${r.pick(['Nuevo', 'Playa de', 'Hermanos', 'Virgen del'])} ${r.pick(['Rosario', 'Carmen', 'Mar', 'Pilar', 'Puig', 'Cullera'])}`,
  },
  other: {
    weight: 7,
    lengthM: [40, 160],
    tonnageFactor: 5,
    flags: ['NL', 'DE', 'ES', 'GB', 'NO', 'CY', 'PA'],
    names: (r) =>
      `${r.pick(['Geo', 'Ocean', 'Sea', 'Atlantic'])} ${r.pick(['Surveyor', 'Supplier', 'Worker', 'Installer', 'Guardian'])}`,
  },
};

const vesselTypes = Object.keys(profiles) as VesselType[];
const romans = ['II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

/** A fleet of `count` vessels with distinct, valid identifiers and (mostly) distinct names. */
export function generateFleet(random: Random, count: number): VesselSeed[] {
  const imos = new Set<string>();
  const mmsis = new Set<string>();
  const names = new Map<string, number>();
  const fleet: VesselSeed[] = [];
  while (fleet.length < count) {
    const type = random.weighted(vesselTypes.map((t) => [t, profiles[t].weight] as const));
    const profile = profiles[type];
    const imo = makeImo(random.int(910_000, 989_999));
    const flag = random.pick(profile.flags);
    const mmsi = makeMmsi(flagMids[flag] as number, random.int(0, 999_999));
    if (imos.has(imo) || mmsis.has(mmsi)) continue;
    imos.add(imo);
    mmsis.add(mmsi);
    let name = profile.names(random).toUpperCase();
    const seen = names.get(name) ?? 0;
    names.set(name, seen + 1);
    if (seen > 0) name = `${name} ${romans[(seen - 1) % romans.length]}`;
    const lengthM = Math.round(random.float(profile.lengthM[0], profile.lengthM[1]) * 10) / 10;
    const grossTonnage = Math.max(
      50,
      Math.round(((lengthM ** 3 * profile.tonnageFactor) / 1000) * random.float(0.9, 1.1)),
    );
    const status = random.chance(0.04) ? 'inactive' : 'active';
    fleet.push({ imo, mmsi, name, type, flag, grossTonnage, lengthM, status });
  }
  return fleet;
}

/** Types that call at berths and work cargo (tugs and fishing boats stay out of port calls). */
export const callingTypes: readonly VesselType[] = [
  'container',
  'bulk',
  'tanker',
  'roro',
  'passenger',
  'other',
];
