import { jobMatcher, selector, thresholds } from '../../lib/monitoring/index.ts';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { promTarget } from '../core/targets.ts';
import { stat, timeseries } from './kinds.ts';

const blackbox = jobMatcher('blackbox');
const { certificateDays } = thresholds.publicEndpoint;

/** The blackbox exporter's probe of the public URL: passing or not, and how long it took. */
export function publicEndpointTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Public endpoint probe',
      description:
        'The blackbox exporter probing the public URL as a user reaches it (DNS, TLS, nginx, the API): 1 when the last probe got a 2xx, and its duration in seconds.',
      unit: 'short',
      min: 0,
      targets: [
        promTarget(0, selector('probe_success', blackbox), { legend: 'success {{instance}}' }),
        promTarget(1, selector('probe_duration_seconds', blackbox), { legend: 'seconds {{instance}}' }),
      ],
    }),
    size,
  );
}

/** Days until the certificate served at the public URL expires. */
export function publicCertificateStat(size: PanelSize = {}): PanelSpec {
  return spec(
    stat({
      title: 'Certificate days left',
      description: `Days until the earliest-expiring certificate of the public URL expires. Renewal runs 30 days before; under ${certificateDays} PublicCertificateExpiresSoon fires.`,
      unit: 'd',
      decimals: 0,
      sparkline: false,
      thresholdSteps: [
        { from: null, color: 'red' },
        { from: certificateDays, color: 'yellow' },
        { from: 30, color: 'green' },
      ],
      targets: [
        promTarget(0, `(${selector('probe_ssl_earliest_cert_expiry', blackbox)} - time()) / 86400`, {
          legend: '{{instance}}',
          instant: true,
        }),
      ],
    }),
    {
      ...size,
      // Local stacks probe the API over plain HTTP: only a probe over HTTPS reports a certificate.
      emptyWhenHealthy: { drill: 'a probe over HTTPS (the Swarm stack): the certificate expiry appears' },
    },
  );
}
