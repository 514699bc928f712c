import { api, bucket, exporters } from '../lib/catalog/index.ts';
import {
  dashboardRef,
  jobs,
  onJob,
  portManagersLabel,
  quantileOf,
  ranges,
  thresholds,
} from '../lib/monitoring/index.ts';
import { alert, ruleFile } from './build/define.ts';
import { input, target } from './build/test-input.ts';
import type { AlertSpec } from './build/types.ts';

const t = thresholds.business;
const host = { instance: 'exporters:9464' };
const exporter = target('exporters', host.instance);
const gauge = (name: string, labels: Record<string, string>, values: string) =>
  input('exporters', name, { ...host, ...labels }, values);
/** Business alerts: service `port`, routed to the port managers by their label. */
const business = (spec: Omit<AlertSpec, 'service' | 'labels'>) =>
  alert({ ...spec, service: 'port', labels: portManagersLabel });

const lagBuckets = (perMinute: Record<string, number>) =>
  Object.entries(perMinute).map(([le, n]) =>
    input('api', bucket(api.positionIngestLag), { instance: 'api-1:8080', le }, `0+${n}x30`),
  );

export const businessRules = ruleFile(import.meta.url, 'business', {
  alerts: [
    business({
      name: 'AnchorageWaitTooLong',
      expr: `${onJob('exporters', exporters.anchorageLongestWait.name)} > ${t.anchorageWaitSeconds}`,
      for: t.anchorageWaitFor,
      severity: 'warning',
      summary: 'A vessel has been waiting at anchorage too long.',
      description: `The longest wait at anchorage reported by {{ $labels.instance }} is {{ $value | humanizeDuration }} (threshold ${t.anchorageWaitSeconds / 3600}h): a berth slot or pilot is missing.`,
      identifiedBy: ['instance'],
      dashboard: dashboardRef('portOps', 'anchorage'),
      test: {
        firing: [gauge(exporters.anchorageLongestWait.name, {}, '28800x30')],
        labels: exporter,
        value: '8h 0m 0s',
        healthy: [gauge(exporters.anchorageLongestWait.name, {}, '3600x30')],
      },
    }),
    business({
      name: 'BerthOccupancyHigh',
      expr: `${onJob('exporters', exporters.berthOccupancyRatio.name)} > ${t.berthOccupancyRatio}`,
      for: t.berthOccupancyFor,
      severity: 'warning',
      summary: 'Almost every berth is occupied.',
      description: `{{ $value | humanizePercentage }} of the berths are occupied (from {{ $labels.instance }}, threshold ${t.berthOccupancyRatio * 100}%): arriving vessels will queue at anchorage.`,
      identifiedBy: ['instance'],
      dashboard: dashboardRef('portOps', 'berthOccupancy'),
      test: {
        firing: [gauge(exporters.berthOccupancyRatio.name, {}, '0.95x40')],
        labels: exporter,
        value: '95%',
        healthy: [gauge(exporters.berthOccupancyRatio.name, {}, '0.6x40')],
      },
    }),
    business({
      name: 'CargoOperationStalled',
      expr: `${onJob('exporters', exporters.cargoStalledOldestAge.name)} > ${t.cargoStallSeconds} and on (job, instance) ${onJob('exporters', exporters.cargoStalled.name)} > 0`,
      for: t.cargoStallFor,
      severity: 'warning',
      summary: 'A cargo operation has stopped progressing.',
      description: `The oldest stalled cargo operation (from {{ $labels.instance }}) has made no progress for {{ $value | humanizeDuration }} (threshold ${t.cargoStallSeconds / 60} minutes).`,
      identifiedBy: ['instance'],
      dashboard: dashboardRef('portOps', 'cargoPending'),
      test: {
        firing: [
          gauge(exporters.cargoStalledOldestAge.name, {}, '3600x20'),
          gauge(exporters.cargoStalled.name, {}, '2x20'),
        ],
        labels: exporter,
        value: '1h 0m 0s',
        healthy: [
          gauge(exporters.cargoStalledOldestAge.name, {}, '0x20'),
          gauge(exporters.cargoStalled.name, {}, '0x20'),
        ],
        alsoSilentOn: [
          {
            why: 'operations stalled for less than the threshold',
            healthy: [
              gauge(exporters.cargoStalledOldestAge.name, {}, '600x20'),
              gauge(exporters.cargoStalled.name, {}, '2x20'),
            ],
          },
          {
            why: 'an old age reported while no operation is stalled any more',
            healthy: [
              gauge(exporters.cargoStalledOldestAge.name, {}, '3600x20'),
              gauge(exporters.cargoStalled.name, {}, '0x20'),
            ],
          },
        ],
      },
    }),
    business({
      name: 'ShiftUnderstaffed',
      expr: `${onJob('exporters', exporters.staffOnShift.name)} < ${onJob('exporters', exporters.staffRequired.name)}`,
      for: t.understaffedFor,
      severity: 'warning',
      summary: 'The current shift is short of staff for a role.',
      description:
        'Only {{ $value | printf "%.0f" }} {{ $labels.role }} staff are rostered on the current shift, fewer than required: operations needing that role will slow down.',
      identifiedBy: ['role'],
      dashboard: dashboardRef('portOps', 'staffing'),
      test: {
        firing: [
          gauge(exporters.staffOnShift.name, { role: 'pilot' }, '2x30'),
          gauge(exporters.staffRequired.name, { role: 'pilot' }, '4x30'),
        ],
        labels: { ...exporter, role: 'pilot' },
        value: '2',
        healthy: [
          gauge(exporters.staffOnShift.name, { role: 'pilot' }, '4x30'),
          gauge(exporters.staffRequired.name, { role: 'pilot' }, '4x30'),
        ],
      },
    }),
    business({
      name: 'AisFeedSilent',
      expr: `${onJob('exporters', exporters.newestPositionAge.name)} > ${t.aisSilentSeconds}`,
      for: t.aisSilentFor,
      severity: 'critical',
      summary: 'No AIS positions are arriving.',
      description: `The newest AIS position (per {{ $labels.instance }}) is {{ $value | humanizeDuration }} old (threshold ${t.aisSilentSeconds / 60} minutes): vessel positions on the map are frozen.`,
      identifiedBy: ['instance'],
      dashboard: dashboardRef('portOps', 'aisFreshness'),
      test: {
        firing: [gauge(exporters.newestPositionAge.name, {}, '1800x20')],
        labels: exporter,
        value: '30m 0s',
        healthy: [gauge(exporters.newestPositionAge.name, {}, '15x20')],
      },
    }),
    business({
      name: 'PositionIngestLagHigh',
      expr: `${quantileOf(0.95, ranges.rule, onJob('api', bucket(api.positionIngestLag)), ['job'])} > ${t.ingestLagP95Seconds}`,
      for: t.ingestLagFor,
      severity: 'warning',
      summary: 'AIS positions are stored late.',
      description: `95% of positions reach {{ $labels.job }} within {{ $value | humanizeDuration }} of being reported (threshold ${t.ingestLagP95Seconds}s): the vessel map lags behind reality.`,
      identifiedBy: ['job'],
      dashboard: dashboardRef('portOps', 'aisFreshness'),
      test: {
        // Every report lands in (60 s, 120 s]: p95 interpolates to 117 s.
        firing: lagBuckets({ '1': 0, '60': 0, '120': 10, '+Inf': 10 }),
        labels: { job: jobs.api },
        value: '1m 57s',
        healthy: lagBuckets({ '1': 10, '60': 10, '120': 10, '+Inf': 10 }),
      },
    }),
    business({
      name: 'RouteClosedWithVesselsScheduled',
      expr: `${onJob('exporters', exporters.routeScheduledVessels.name)} > 0 and on (job, instance, route) ${onJob('exporters', exporters.routeOpen.name)} == 0`,
      for: t.routeClosedFor,
      severity: 'warning',
      summary: 'A closed route has vessels scheduled on it.',
      description:
        'Route {{ $labels.route }} is closed but {{ $value | printf "%.0f" }} vessels are scheduled on it: reroute them or reopen the channel.',
      identifiedBy: ['route'],
      dashboard: dashboardRef('portOps', 'routes'),
      test: {
        firing: [
          gauge(exporters.routeScheduledVessels.name, { route: 'north-channel' }, '3x20'),
          gauge(exporters.routeOpen.name, { route: 'north-channel' }, '0x20'),
        ],
        labels: { ...exporter, route: 'north-channel' },
        value: '3',
        healthy: [
          gauge(exporters.routeScheduledVessels.name, { route: 'north-channel' }, '3x20'),
          gauge(exporters.routeOpen.name, { route: 'north-channel' }, '1x20'),
        ],
        alsoSilentOn: [
          {
            why: 'route closed with no vessel scheduled',
            healthy: [
              gauge(exporters.routeScheduledVessels.name, { route: 'north-channel' }, '0x20'),
              gauge(exporters.routeOpen.name, { route: 'north-channel' }, '0x20'),
            ],
          },
        ],
      },
    }),
  ],
});
