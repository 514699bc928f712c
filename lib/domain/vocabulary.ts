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
