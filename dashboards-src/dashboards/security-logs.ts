import { dashboardRef, jobMatcher, panels } from '../../lib/monitoring/index.ts';
import { defineDashboard } from '../core/definition.ts';
import { row } from '../core/panel-spec.ts';
import { statusClassRatesTimeseries } from '../panels/http.ts';
import { errorLogsByTypeTable, recentErrorsLogs, topClientIpsBarGauge } from '../panels/logs.ts';
import {
  failedLoginsTimeseries,
  loginAttemptsTimeseries,
  unusualTrafficTimeseries,
} from '../panels/security.ts';

const ids = panels.security;
const matchers = [jobMatcher('api')];

/** Dashboard 4: authentication, error traffic and the logs behind them. */
export const securityLogs = defineDashboard({
  key: 'security',
  folder: 'Operations',
  description: 'Failed logins, 4xx/5xx, unusual traffic (Prometheus) and client IPs and error lines (Loki).',
  tags: ['security', 'logs'],
  rows: [
    row('Authentication and error traffic', [
      failedLoginsTimeseries({ matchers, id: ids.failedLogins }),
      loginAttemptsTimeseries({ matchers }),
      statusClassRatesTimeseries({ matchers, id: ids.errorRates, links: [dashboardRef('api', 'errorRate')] }),
      unusualTrafficTimeseries({ matchers, id: ids.unusualTraffic }),
    ]),
    row('Logs (Loki)', [
      topClientIpsBarGauge({ id: ids.topClients, width: 8 }),
      errorLogsByTypeTable({ id: ids.errorLogs, width: 16 }),
      recentErrorsLogs({ id: ids.recentErrors, width: 24, height: 12 }),
    ]),
  ],
});
