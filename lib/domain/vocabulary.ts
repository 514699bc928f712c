/**
 * The port's closed vocabularies, one list each, mirroring the CHECK constraints of
 * api/migrations/*.sql (a test holds the two together). The API validates input with
 * them, the seed and simulator draw from them, and the exporters use them to bound and
 * zero-fill their label sets.
 */
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
export const vesselStatuses = ['active', 'inactive', 'decommissioned'] as const;
export const portCallStatuses = ['expected', 'at_anchorage', 'berthed', 'departed', 'cancelled'] as const;
/** Port calls still open: waiting, at anchorage or at a berth. */
export const activePortCallStatuses = [
  'expected',
  'at_anchorage',
  'berthed',
] as const satisfies readonly PortCallStatus[];
export const inPortStatuses = ['at_anchorage', 'berthed'] as const satisfies readonly PortCallStatus[];
export const portCallEventTypes = ['arrived', 'berthed', 'departed', 'cancelled'] as const;
export const routeDirections = ['entry', 'exit', 'both'] as const;
export const routeStatuses = ['open', 'closed'] as const;
export const cargoDirections = ['load', 'unload'] as const;
export const cargoCategories = [
  'containers',
  'dry_bulk',
  'liquid_bulk',
  'breakbulk',
  'vehicles',
  'passengers',
] as const;
export const cargoUnits = ['teu', 'tonnes', 'units'] as const;
export const cargoStatuses = ['planned', 'in_progress', 'completed', 'stalled', 'cancelled'] as const;
/** Cargo operations not yet finished: planned, under way or stalled. */
export const activeCargoStatuses = [
  'planned',
  'in_progress',
  'stalled',
] as const satisfies readonly CargoStatus[];
/** Why an AIS position report is refused, one reason per report. */
export const positionRejectReasons = [
  'malformed_json',
  'not_an_object',
  'invalid_mmsi',
  'unknown_vessel',
  'invalid_ts',
  'ts_in_future',
  'ts_too_old',
  'invalid_lat',
  'invalid_lon',
  'invalid_sog',
  'invalid_cog',
  'invalid_heading',
  'invalid_nav_status',
] as const;
export const staffRoles = [
  'pilot',
  'tug_master',
  'mooring',
  'stevedore',
  'crane_operator',
  'inspector',
  'coordinator',
] as const;
export const userRoles = ['admin', 'operator', 'viewer', 'probe'] as const;
export const userAuditActions = [
  'create',
  'disable',
  'enable',
  'set_role',
  'reset_password',
  'remove',
] as const;

export type VesselType = (typeof vesselTypes)[number];
export type PortCallStatus = (typeof portCallStatuses)[number];
export type CargoCategory = (typeof cargoCategories)[number];
export type CargoStatus = (typeof cargoStatuses)[number];
export type StaffRole = (typeof staffRoles)[number];
