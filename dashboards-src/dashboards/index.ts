import type { DashboardDefinition } from '../core/definition.ts';
import { alertsSynthetics } from './alerts-synthetics.ts';
import { apiPerformance } from './api-performance.ts';
import { portOperations } from './port-operations.ts';
import { securityLogs } from './security-logs.ts';
import { sloDashboard } from './slos.ts';
import { systemInfrastructure } from './system-infrastructure.ts';

/** Every dashboard that `npm run generate` writes, in lib/monitoring/dashboards.ts order. */
export const allDashboards: readonly DashboardDefinition[] = [
  apiPerformance,
  systemInfrastructure,
  portOperations,
  securityLogs,
  sloDashboard,
  alertsSynthetics,
];
