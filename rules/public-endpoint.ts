import { dashboardRef, jobs, onJob, thresholds } from '../lib/monitoring/index.ts';
import { alert, ruleFile } from './build/define.ts';
import { input } from './build/test-input.ts';

const t = thresholds.publicEndpoint;
// The blackbox job's series carry the probed URL as `instance` (scrape/render.ts).
const probe = { instance: 'https://port.example/healthz' };
const labels = { job: jobs.blackbox, instance: probe.instance };
const day = 86_400;

/**
 * The public endpoint as a user reaches it, probed by the blackbox exporter through DNS, TLS,
 * nginx and the API: PortTrack's own alerts watch each part from inside, these the whole path.
 */
export const publicEndpointRules = ruleFile(import.meta.url, 'public-endpoint', {
  alerts: [
    alert({
      name: 'PublicEndpointDown',
      expr: `${onJob('blackbox', 'probe_success')} == 0`,
      for: t.downFor,
      severity: 'critical',
      service: 'edge',
      summary: 'The public PortTrack endpoint is unreachable.',
      description: `The blackbox probe of {{ $labels.instance }} has failed for ${t.downFor} (no connection, a TLS failure or no 2xx answer): users cannot reach PortTrack.`,
      identifiedBy: ['instance'],
      dashboard: dashboardRef('alerts', 'publicEndpoint'),
      test: {
        firing: [input('blackbox', 'probe_success', probe, '0x20')],
        labels,
        healthy: [input('blackbox', 'probe_success', probe, '1x20')],
        alsoSilentOn: [
          // One failed probe a minute apart from passing ones: a blip, not an outage.
          {
            why: 'a single failed probe',
            healthy: [input('blackbox', 'probe_success', probe, '1 1 0 1x17')],
            at: '150s',
          },
        ],
      },
    }),
    alert({
      name: 'PublicCertificateExpiresSoon',
      expr: `(${onJob('blackbox', 'probe_ssl_earliest_cert_expiry')} - time()) / ${day} < ${t.certificateDays}`,
      for: t.certificateFor,
      severity: 'warning',
      service: 'edge',
      summary: 'The public TLS certificate expires soon.',
      description: `The certificate served at {{ $labels.instance }} expires in {{ $value | printf "%.0f" }} days (threshold ${t.certificateDays}): renewal has been failing; browsers and clients refuse it once it expires.`,
      identifiedBy: ['instance'],
      dashboard: dashboardRef('alerts', 'publicCertificate'),
      test: {
        // Expiry timestamps in seconds since the test's start (promtool's time() starts at 0).
        firing: [input('blackbox', 'probe_ssl_earliest_cert_expiry', probe, `${7 * day}x40`)],
        labels,
        value: '7',
        healthy: [input('blackbox', 'probe_ssl_earliest_cert_expiry', probe, `${60 * day}x40`)],
      },
    }),
  ],
});
