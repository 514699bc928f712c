import { apiDownSilences } from './alertmanager-config.ts';
import type { AlertLabels } from './route-cases.ts';

/** One alert of an inhibition case: muted (`inhibitedBy` set) or active. */
export interface CaseAlert extends AlertLabels {
  /**
   * The alert of the same case meant to mute this one. Alertmanager names one muting alert only,
   * any of those that qualify, so the test checks that this alert is muted, and a failure names
   * which alert muted it; the named one is posted last (below).
   */
  inhibitedBy?: string;
}

/**
 * Inhibition test cases, run against a real Alertmanager with the generated configuration
 * (local-platform/routing-behaviour.ts): the alerts of a case are posted together, and each must
 * end up muted by the named alert of the case, or active. Every case has at least one muted
 * alert: Alertmanager reads posted alerts in order and the inhibiting ones are posted last, so
 * once those mutes show, it has read everything else and an alert still active stays active.
 */
export interface InhibitionCase {
  name: string;
  alerts: Readonly<Record<string, CaseAlert>>;
}

const nodeA = { instance: 'node-a:9100' };
const nodeB = { instance: 'node-b:9100' };
const apiSymptoms = Object.fromEntries(
  apiDownSilences.map((alert) => [alert, { alert, inhibitedBy: 'apiDown' } satisfies CaseAlert]),
);

export const inhibitionCases: readonly InhibitionCase[] = [
  {
    name: 'NodeDown mutes the other alerts of its host, and only of its host',
    alerts: {
      nodeDown: { alert: 'NodeDown', labels: nodeA },
      cpuSameHost: { alert: 'NodeHighCpu', labels: nodeA, inhibitedBy: 'nodeDown' },
      postgresSameHost: { alert: 'PostgresDown', labels: nodeA, inhibitedBy: 'nodeDown' },
      cpuOtherHost: { alert: 'NodeHighCpu', labels: nodeB },
      // NodeDown never mutes a NodeDown, even one about the same host from another job.
      nodeDownOtherJob: { alert: 'NodeDown', labels: { ...nodeA, job: 'node-exporter-b' } },
    },
  },
  {
    name: 'ApiDown mutes its symptoms on the API, and no other API alert',
    alerts: {
      apiDown: { alert: 'ApiDown' },
      ...apiSymptoms,
      failedLogins: { alert: 'ApiFailedLoginsHigh' },
    },
  },
  {
    name: 'an ApiDown of another service, or another API alert, mutes no API symptom',
    alerts: {
      edgeApiDown: { alert: 'ApiDown', labels: { service: 'edge' } },
      failedLogins: { alert: 'ApiFailedLoginsHigh' },
      latency: { alert: 'ApiHighLatency' },
      errors: { alert: 'ApiHighErrorRate' },
      // The symptom's name on the other service: only the API's symptoms are muted.
      edgeLatency: { alert: 'ApiHighLatency', labels: { service: 'edge' } },
      // A mute from another rule, posted last: once it shows, everything above has been read.
      hostDown: { alert: 'NodeDown', labels: nodeB },
      hostCpu: { alert: 'NodeHighCpu', labels: nodeB, inhibitedBy: 'hostDown' },
    },
  },
  {
    name: 'the critical version of an alert mutes its warning version on the same service only',
    alerts: {
      critical: { alert: 'ApiHighLatency', labels: { severity: 'critical' } },
      warning: { alert: 'ApiHighLatency', inhibitedBy: 'critical' },
      warningOtherService: { alert: 'ApiHighLatency', labels: { service: 'edge' } },
      otherAlertSameService: { alert: 'ApiFailedLoginsHigh' },
      // Only a warning is muted, and only by a critical.
      info: { alert: 'ApiHighLatency', labels: { severity: 'info' } },
      cpuInfo: { alert: 'NodeHighCpu', labels: { severity: 'info' } },
      cpuWarning: { alert: 'NodeHighCpu' },
    },
  },
];
