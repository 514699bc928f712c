import type { ServiceProcess } from '../service-process.ts';
import type { PartContext } from './context.ts';
import type { ServiceLauncher } from './service-launcher.ts';

// One start function per service of the platform's own; each runs as a child process
// (ServiceLauncher) and talks to the database the platform started.

const common = (databaseUrl: string) => ({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' });

/**
 * The API: migrations, the demo port seeded, fault injection on for the drills. Its cache is in
 * the Redis the options name (under a key prefix of its own), else in process.
 */
export function startApiService(
  ctx: PartContext,
  launcher: ServiceLauncher,
  databaseUrl: string,
): Promise<ServiceProcess | undefined> {
  const { redisUrl, demoPassword } = ctx.options;
  return launcher.launch('api', {
    ...common(databaseUrl),
    ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `porttrack-local-${ctx.ports.api}:` } : {}),
    PORTTRACK_DEMO_PASSWORD: demoPassword,
    PORTTRACK_SEED_DEMO: 'true',
    PORTTRACK_FAULT_INJECTION: 'true',
  });
}

/** The business-metrics exporter, reading the API's database. */
export function startExporterService(launcher: ServiceLauncher, databaseUrl: string) {
  return launcher.launch('exporters', common(databaseUrl));
}

/**
 * The notifier: Alertmanager's webhooks arrive with `token`; it links alerts to this Prometheus
 * and Alertmanager (which start after it) and to the runbooks.
 */
export function startNotifierService(
  ctx: PartContext,
  launcher: ServiceLauncher,
  databaseUrl: string,
  token: string,
) {
  return launcher.launch('notifier', {
    ...common(databaseUrl),
    NOTIFIER_ALERTMANAGER_TOKEN: token,
    PROMETHEUS_URL: `http://127.0.0.1:${ctx.ports.prometheus}`,
    ALERTMANAGER_URL: `http://127.0.0.1:${ctx.ports.alertmanager}`,
    RUNBOOK_BASE_URL: ctx.options.runbookBaseUrl,
  });
}

/** The probe runner, signing in to the API as a demo user every probe interval. */
export function startProbeRunnerService(ctx: PartContext, launcher: ServiceLauncher, apiUrl: string) {
  return launcher.launch('synthetics', {
    PROBE_TARGET_URL: apiUrl,
    PROBE_PASSWORD: ctx.options.demoPassword,
    PROBE_INTERVAL_SECONDS: String(ctx.options.probeIntervalSeconds),
  });
}
