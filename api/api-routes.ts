import { type AuthDeps, authRoutes } from './domain/auth/routes.ts';
import { berthRoutes } from './domain/berths/routes.ts';
import { type CargoDeps, cargoRoutes } from './domain/cargo/routes.ts';
import { type PortCallDeps, portCallRoutes } from './domain/port-calls/routes.ts';
import { seaRouteRoutes } from './domain/sea-routes/routes.ts';
import { staffRoutes } from './domain/staff/routes.ts';
import { type TrackingDeps, trackingRoutes } from './domain/tracking/routes.ts';
import type { UserAdminDeps } from './domain/users/service.ts';
import { userRoutes } from './domain/users/routes.ts';
import { type VesselDeps, vesselRoutes } from './domain/vessels/routes.ts';
import type { RouteTable } from './routing/route.ts';

/** What the handlers of every table need, assembled once by app.ts. */
export type ApiDeps = AuthDeps &
  VesselDeps &
  CargoDeps &
  PortCallDeps & { tracking: TrackingDeps; userAdmin: UserAdminDeps };

/**
 * Every /api/v1 operation, one route table per domain. app.ts mounts them, the OpenAPI document
 * lists them in this order, and the access rules are read from them.
 */
export const apiRoutes: ReadonlyArray<RouteTable<ApiDeps>> = [
  authRoutes,
  vesselRoutes,
  berthRoutes,
  seaRouteRoutes,
  portCallRoutes,
  cargoRoutes,
  staffRoutes,
  trackingRoutes,
  userRoutes,
];
