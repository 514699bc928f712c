import type { LonLat } from './geo.ts';

/**
 * The demo port: a harbour laid out like Valencia's (39.44N 0.32W), its berths, the
 * anchorage off the breakwater and the entry and exit routes. Shared by the seed (which
 * writes berths and routes) and the simulator (which needs berth and anchorage positions
 * the API does not store).
 */
export const port = {
  name: 'Port of Valencia (demo)',
  locode: 'ESVLC',
  centre: [-0.318, 39.442] as LonLat,
  /** The harbour mouth, where every route meets the inner basins. */
  mouth: [-0.3, 39.437] as LonLat,
  anchorage: { centre: [-0.245, 39.455] as LonLat, radiusM: 1800 },
} as const;

export interface BerthSite {
  code: string;
  name: string;
  maxLengthM: number;
  position: LonLat;
  /** Heading of a vessel moored alongside. */
  heading: number;
}

export const berthSites: readonly BerthSite[] = [
  {
    code: 'MPF-1',
    name: 'Muelle Príncipe Felipe 1',
    maxLengthM: 400,
    position: [-0.3105, 39.4292],
    heading: 205,
  },
  {
    code: 'MPF-2',
    name: 'Muelle Príncipe Felipe 2',
    maxLengthM: 400,
    position: [-0.3142, 39.4262],
    heading: 205,
  },
  { code: 'SUR-1', name: 'Muelle Sur 1', maxLengthM: 366, position: [-0.3221, 39.4251], heading: 115 },
  { code: 'COS-1', name: 'Muelle Costa 1', maxLengthM: 350, position: [-0.3158, 39.4468], heading: 25 },
  {
    code: 'TRV-1',
    name: 'Terminal Transversal de Costa',
    maxLengthM: 330,
    position: [-0.3191, 39.4431],
    heading: 295,
  },
  { code: 'LEV-1', name: 'Muelle de Levante', maxLengthM: 300, position: [-0.3122, 39.4505], heading: 25 },
  { code: 'NOR-1', name: 'Muelle Norte', maxLengthM: 260, position: [-0.3203, 39.4578], heading: 25 },
  { code: 'PON-1', name: 'Muelle de Poniente', maxLengthM: 240, position: [-0.3262, 39.4482], heading: 205 },
  { code: 'XIT-1', name: 'Muelle de la Xità', maxLengthM: 220, position: [-0.3238, 39.4539], heading: 295 },
  { code: 'TUR-1', name: 'Muelle del Turia', maxLengthM: 200, position: [-0.3231, 39.4402], heading: 115 },
  {
    code: 'CRU-1',
    name: 'Terminal de Cruceros',
    maxLengthM: 340,
    position: [-0.3195, 39.4365],
    heading: 115,
  },
  { code: 'DSU-1', name: 'Dársena Sur', maxLengthM: 160, position: [-0.3265, 39.4318], heading: 25 },
];

export interface RouteSite {
  code: string;
  name: string;
  direction: 'entry' | 'exit' | 'both';
  status: 'open' | 'closed';
  /** Seaward end first for entry routes, harbour end first for exit routes. */
  coordinates: LonLat[];
}

export const routeSites: readonly RouteSite[] = [
  {
    code: 'ENT-N',
    name: 'Northern approach',
    direction: 'entry',
    status: 'open',
    coordinates: [
      [-0.12, 39.56],
      [-0.2, 39.5],
      [-0.26, 39.455],
      [-0.288, 39.441],
      [-0.3, 39.437],
    ],
  },
  {
    code: 'ENT-S',
    name: 'Southern approach',
    direction: 'entry',
    status: 'open',
    coordinates: [
      [-0.16, 39.3],
      [-0.23, 39.37],
      [-0.275, 39.42],
      [-0.292, 39.433],
      [-0.3, 39.437],
    ],
  },
  {
    code: 'EXT-E',
    name: 'Eastern departure',
    direction: 'exit',
    status: 'open',
    coordinates: [
      [-0.3, 39.437],
      [-0.285, 39.435],
      [-0.22, 39.43],
      [-0.1, 39.42],
    ],
  },
  {
    code: 'EXT-SE',
    name: 'South-eastern departure',
    direction: 'exit',
    status: 'open',
    coordinates: [
      [-0.3, 39.437],
      [-0.288, 39.43],
      [-0.24, 39.39],
      [-0.14, 39.32],
    ],
  },
  {
    code: 'ANC-L',
    name: 'Anchorage link',
    direction: 'both',
    status: 'open',
    coordinates: [
      [-0.245, 39.455],
      [-0.27, 39.446],
      [-0.3, 39.437],
    ],
  },
  {
    code: 'NTH-C',
    name: 'North basin channel (closed for dredging)',
    direction: 'both',
    status: 'closed',
    coordinates: [
      [-0.3, 39.437],
      [-0.306, 39.449],
      [-0.314, 39.458],
    ],
  },
];
