/**
 * The reserved synthetic vessel: the only vessel the synthetic journeys (the probe runner, the
 * k6 scripts, the post-deploy smoke) post AIS positions for, and the only one the `probe` role
 * may. It is no ship: MID 999 belongs to no country, so no real MMSI starts with it. The API
 * creates it at start whenever a probe account is configured or the demo port is seeded; the
 * exporters leave it out of every business metric, so probes that succeed can never hide a silent
 * AIS feed (`AisFeedSilent`). Imports nothing: the k6 scripts load it as it is.
 */
export const syntheticVessel = {
  mmsi: '999000001',
  // 999999 with its check digit (9*7 + 9*6 + ... + 9*2 = 243, so 3).
  imo: '9999993',
  name: 'PORTTRACK SYNTHETIC PROBE',
  type: 'passenger',
  flag: 'ES',
  gross_tonnage: 1,
  length_m: 10,
  status: 'active',
} as const;

/** Where probes report it: open sea south-east of Valencia, off the demo port's approaches. */
export const syntheticVesselSpot = { lat: 39.2, lon: -0.05 } as const;
