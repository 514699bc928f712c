import type { Platform } from './platform.ts';

const label = (s: string) => s.padEnd(14);
const exporterLabel: Record<string, string> = {
  node: 'Node metrics',
  postgres: 'PG metrics',
  redis: 'Redis metrics',
};

/** What `npm start` prints once everything is up: every URL, the demo login, what is not running. */
export function readySummary(platform: Platform, info: { dataDir: string; demoPassword: string }): string {
  const lines = [`PortTrack is running. Data and logs: ${info.dataDir}`];
  if (platform.relocatedDatabase)
    lines.push(
      `  ${label('PostgreSQL')}cluster in ${platform.relocatedDatabase}   (the "postgres" user cannot reach the data folder)`,
    );
  const s = platform.services;
  if (s.api)
    lines.push(`  ${label('API')}${s.api.url}/api/v1   (docs/api.md; probes /healthz /readyz /metrics)`);
  if (s.exporters) lines.push(`  ${label('Exporter')}${s.exporters.url}/metrics`);
  if (s.notifier)
    lines.push(`  ${label('Notifier')}${s.notifier.url}/metrics   (notifications go to its log)`);
  if (s.synthetics) lines.push(`  ${label('Probes')}${s.synthetics.url}/metrics`);
  if (platform.simulator) lines.push(`  ${label('Simulator')}moving the demo port (log: simulator.log)`);
  for (const [kind, exporter] of Object.entries(platform.exporterBinaries))
    lines.push(
      `  ${label(exporterLabel[kind] ?? kind)}http://127.0.0.1:${exporter.port}/metrics   (${kind}-exporter)`,
    );
  if (platform.prometheus)
    lines.push(`  ${label('Prometheus')}${platform.prometheus.url}   (alerts: /alerts, targets: /targets)`);
  if (platform.alertmanager) lines.push(`  ${label('Alertmanager')}${platform.alertmanager.url}`);
  if (s.api) {
    lines.push(
      `  ${label('Demo login')}operator@porttrack.local / ${info.demoPassword}   (also admin@, viewer@ and probe@)`,
    );
  }
  for (const m of platform.missing) lines.push(`  not running: ${m.reason}`);
  lines.push('Press Ctrl-C to stop everything.');
  return lines.join('\n');
}
