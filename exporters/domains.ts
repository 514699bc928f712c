// Label domains, mirroring the CHECK constraints of api/migrations/0001_init.sql. They bound the
// label sets and zero-fill series so alerts see 0 rather than nothing.
export const vesselTypes = [
  'container',
  'bulk',
  'tanker',
  'roro',
  'passenger',
  'tug',
  'fishing',
  'other',
] as const;
export const activePortCallStatuses = ['expected', 'at_anchorage', 'berthed'] as const;
export const inPortStatuses = ['at_anchorage', 'berthed'] as const;
export const activeCargoStatuses = ['planned', 'in_progress', 'stalled'] as const;
export const cargoCategories = [
  'containers',
  'dry_bulk',
  'liquid_bulk',
  'breakbulk',
  'vehicles',
  'passengers',
] as const;
export const cargoUnits = ['teu', 'tonnes', 'units'] as const;
export const staffRoles = [
  'pilot',
  'tug_master',
  'mooring',
  'stevedore',
  'crane_operator',
  'inspector',
  'coordinator',
] as const;

/** `'a', 'b'` for use in SQL IN lists; the values are the constants above, never input. */
export const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');
