import type { AlertmanagerWebhook } from '../receiving/payload.ts';

/** A version-4 webhook body as Alertmanager sends it, with sensible defaults to override. */
export function webhookPayload(overrides: Partial<AlertmanagerWebhook> = {}): AlertmanagerWebhook {
  const startsAt = '2026-11-23T10:00:00Z';
  return {
    version: '4',
    groupKey: '{}:{alertname="ApiHighErrorRate"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'oncall',
    groupLabels: { alertname: 'ApiHighErrorRate' },
    commonLabels: { alertname: 'ApiHighErrorRate', service: 'api', severity: 'critical' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.test:9093',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'ApiHighErrorRate', service: 'api', severity: 'critical', route: '/vessels' },
        annotations: {
          summary: 'API error rate is above 5%.',
          description: 'Route /vessels answers 12% 5xx over 5 minutes.',
          runbook_url: 'https://runbooks.test/alerts/ApiHighErrorRate.md',
          dashboard: 'porttrack-api/3',
          value: '12%',
        },
        startsAt,
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.test:9090/graph?g0.expr=rate%28x%5B5m%5D%29&g0.tab=1',
        fingerprint: 'a1b2c3d4e5f60718',
      },
    ],
    ...overrides,
  };
}

/** A firing alert of its own name and fingerprint (service `api`), for tests that count deliveries. */
export function namedAlert(name: string, fingerprint = `fp-${name}`): AlertmanagerWebhook {
  const payload = webhookPayload({
    groupKey: `{}:{alertname="${name}"}`,
    commonLabels: { alertname: name, service: 'api' },
  });
  payload.alerts[0]!.labels.alertname = name;
  payload.alerts[0]!.fingerprint = fingerprint;
  return payload;
}

/** A shorthand for the token header. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
