/**
 * Stable identities of the generated dashboards and the panels that alerts link to.
 * Alert rules import these for their `dashboard` annotation, the dashboards use them as uids
 * and panel ids, the notifier's digest links to them, and validation checks that every
 * reference resolves. Never renumber a panel: links in old notifications point at it.
 */
export const dashboards = {
  api: { uid: 'porttrack-api', title: 'API Performance' },
  system: { uid: 'porttrack-system', title: 'System and Infrastructure' },
  portOps: { uid: 'porttrack-port-operations', title: 'Port Operations' },
  security: { uid: 'porttrack-security', title: 'Security and Logs' },
  slo: { uid: 'porttrack-slo', title: 'SLOs' },
  alerts: { uid: 'porttrack-alerts', title: 'Alerts and Synthetics' },
} as const;

export type DashboardKey = keyof typeof dashboards;

/** A link target: a dashboard and optionally one panel on it. */
export interface DashboardRef {
  dashboard: DashboardKey;
  panelId?: number;
}

/**
 * Panel ids that other code links to (alerts' `dashboard` annotations, notifications).
 * Dashboards may have more panels; these ids are reserved for these subjects.
 */
export const panels = {
  api: {
    requestRate: 1,
    latency: 2,
    errorRate: 3,
    statusCodes: 4,
    topEndpoints: 5,
    activeUsers: 6,
    inFlight: 7,
    positionRetention: 8,
  },
  system: {
    cpu: 1,
    memory: 2,
    disk: 3,
    diskIo: 4,
    network: 5,
    containers: 6,
    containerRestarts: 7,
    postgres: 8,
    redis: 9,
    prometheus: 10,
    alertmanager: 11,
    walArchiveAge: 12,
    walArchiving: 13,
    backupAge: 14,
    replicationLag: 15,
    standby: 16,
  },
  portOps: {
    vesselsInPort: 1,
    arrivalsDepartures: 2,
    anchorage: 3,
    berthOccupancy: 4,
    cargoThroughput: 5,
    cargoPending: 6,
    staffing: 7,
    peakHours: 8,
    vesselMap: 9,
    aisFreshness: 10,
    routes: 11,
  },
  security: {
    failedLogins: 1,
    errorRates: 2,
    unusualTraffic: 3,
    topClients: 4,
    errorLogs: 5,
    recentErrors: 6,
  },
  slo: { availability: 1, latency: 2, errorBudget: 3, burnRate: 4 },
  alerts: {
    firing: 1,
    notifications: 2,
    probes: 3,
    notifierQueue: 4,
    exporterFreshness: 5,
    publicEndpoint: 6,
    publicCertificate: 7,
  },
} as const satisfies Record<DashboardKey, Record<string, number>>;

export function dashboardRef<K extends DashboardKey>(
  dashboard: K,
  panel?: keyof (typeof panels)[K],
): DashboardRef {
  const panelId = panel === undefined ? undefined : (panels[dashboard][panel] as number);
  return panelId === undefined ? { dashboard } : { dashboard, panelId };
}

/** `<uid>` or `<uid>/<panelId>`: an alert's `dashboard` annotation, which the notifier turns into a Grafana link. */
export const dashboardAnnotation = (ref: DashboardRef) =>
  ref.panelId === undefined
    ? dashboards[ref.dashboard].uid
    : `${dashboards[ref.dashboard].uid}/${ref.panelId}`;
