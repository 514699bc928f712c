import type { CargoStatus, PortCallStatus } from '../lib/domain/vocabulary.ts';

// Label domains come from the shared vocabulary (held to the schema's CHECK constraints). They
// bound the label sets and zero-fill series so alerts see 0 rather than nothing.
export { cargoCategories, cargoUnits, staffRoles, vesselTypes } from '../lib/domain/vocabulary.ts';

export const activePortCallStatuses = [
  'expected',
  'at_anchorage',
  'berthed',
] as const satisfies readonly PortCallStatus[];
export const inPortStatuses = ['at_anchorage', 'berthed'] as const satisfies readonly PortCallStatus[];
export const activeCargoStatuses = [
  'planned',
  'in_progress',
  'stalled',
] as const satisfies readonly CargoStatus[];

/** `'a', 'b'` for use in SQL IN lists; the values are the constants above, never input. */
export const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');
