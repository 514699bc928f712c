import { panels } from '../../lib/monitoring/index.ts';
import { defineDashboard } from '../core/definition.ts';
import { row } from '../core/panel-spec.ts';
import {
  firingAlertsTable,
  firingCountStat,
  notificationsTimeseries,
  notifierQueueTimeseries,
} from '../panels/alerting.ts';
import { exporterFreshnessTimeseries } from '../panels/freshness.ts';
import { publicCertificateStat, publicEndpointTimeseries } from '../panels/public-endpoint.ts';
import { probeDurationTimeseries, probeSuccessTimeseries } from '../panels/synthetics.ts';

const ids = panels.alerts;

/** Dashboard 6: what is firing, whether people heard about it, and what the synthetic users see. */
export const alertsSynthetics = defineDashboard({
  key: 'alerts',
  folder: 'Platform',
  description:
    'Firing alerts, notification delivery by channel, synthetic probes, the freshness of business metrics and the public endpoint as the blackbox exporter sees it.',
  tags: ['alerts', 'synthetics'],
  rows: [
    row('Alerts', [firingCountStat({ width: 6 }), firingAlertsTable({ id: ids.firing, width: 18 })]),
    row('Notifications', [
      notificationsTimeseries({ id: ids.notifications }),
      notifierQueueTimeseries({ id: ids.notifierQueue }),
    ]),
    row('Synthetics and freshness', [
      probeSuccessTimeseries({ id: ids.probes, width: 8 }),
      probeDurationTimeseries({ width: 8 }),
      exporterFreshnessTimeseries({ id: ids.exporterFreshness, width: 8 }),
    ]),
    row('Public endpoint', [
      publicEndpointTimeseries({ id: ids.publicEndpoint, width: 18 }),
      publicCertificateStat({ id: ids.publicCertificate, width: 6 }),
    ]),
  ],
});
