import type { DashboardDefinition } from '../core/definition.ts';
import { apiPerformance } from './api-performance.ts';
import { systemInfrastructure } from './system-infrastructure.ts';

/** Every dashboard that `npm run generate` writes, in refs.ts order. */
export const allDashboards: readonly DashboardDefinition[] = [apiPerformance, systemInfrastructure];
