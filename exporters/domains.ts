// Label domains come from the shared vocabulary (held to the schema's CHECK constraints). They
// bound the label sets and zero-fill series so alerts see 0 rather than nothing.
export {
  activeCargoStatuses,
  activePortCallStatuses,
  cargoCategories,
  cargoUnits,
  inPortStatuses,
  staffRoles,
  vesselTypes,
} from '../lib/domain/vocabulary.ts';

/** `'a', 'b'` for use in SQL IN lists; the values are the constants above, never input. */
export const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');
