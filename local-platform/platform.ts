import type { JobKey } from '../lib/monitoring/index.ts';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { findBinary, missingBinaryMessage } from './binaries.ts';
import type { Platform, PlatformOptions } from './options.ts';
import { allocatePorts } from './ports.ts';
import { startLocalAlertmanager } from './parts/alertmanager.ts';
import type { PartContext } from './parts/context.ts';
import { startDatabase } from './parts/database.ts';
import { startExporterBinaries } from './parts/exporter-binaries.ts';
import { startLocalPrometheus } from './parts/prometheus.ts';
import { RunningParts } from './parts/running-parts.ts';
import { ServiceLauncher } from './parts/service-launcher.ts';
import {
  startApiService,
  startExporterService,
  startNotifierService,
  startProbeRunnerService,
} from './parts/services.ts';
import { startDemoSimulator } from './parts/simulator.ts';

export type { Platform, PlatformOptions } from './options.ts';

/**
 * Starts the whole monitored platform on this machine, one part after another (parts/): the
 * database (embedded PostgreSQL unless a URL is given), the API (migrations, demo port; its cache
 * in Redis or in process), then the exporter, the notifier and the probe runner as child
 * processes, the simulator in this process, the third-party exporters (node-, postgres-, redis-,
 * blackbox), the real Alertmanager (generated routing, pointed at the notifier) and Prometheus
 * (generated rules, the stack's jobs with static targets), each where its binary is installed.
 * `stop()` stops them in reverse order of start; anything started before a failure is stopped again.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const say = options.progress ?? (() => undefined);
  const logs = join(options.dataDir, 'logs');
  await mkdir(logs, { recursive: true });
  const ctx: PartContext = {
    options,
    ports: await allocatePorts(options.portBase),
    logs,
    say,
    missing: [],
    parts: new RunningParts(say),
  };
  const notifierToken = randomBytes(24).toString('hex');
  const services = new ServiceLauncher(ctx);
  try {
    const database = await startDatabase(ctx);
    const api = await startApiService(ctx, services, database.url);
    const apiUrl = api?.url ?? `http://127.0.0.1:${ctx.ports.api}`;
    const needsApi = (part: string) => {
      if (api) return false;
      ctx.missing.push({ part, reason: `${part}: needs the API, which is not running` });
      return true;
    };
    await Promise.all([
      startExporterService(services, database.url),
      startNotifierService(ctx, services, database.url, notifierToken),
      needsApi('synthetics') ? undefined : startProbeRunnerService(ctx, services, apiUrl),
    ]);
    const simulator = needsApi('simulator') ? undefined : await startDemoSimulator(ctx, apiUrl);

    options.signal?.throwIfAborted();
    const exporterBinaries = await startExporterBinaries(ctx, database.url);
    const isUp = (key: JobKey) => key === 'alertmanager' || key in exporterBinaries || services.runsJob(key);
    let alertmanager: Platform['alertmanager'];
    let prometheus: Platform['prometheus'];
    if (options.monitoring ?? Boolean(findBinary('prometheus'))) {
      alertmanager = await startLocalAlertmanager(ctx, services.running.notifier, notifierToken);
      prometheus = await startLocalPrometheus(ctx, { apiUrl, alertmanager, isUp });
    } else {
      ctx.missing.push({ part: 'prometheus', reason: missingBinaryMessage('prometheus') });
    }

    return {
      services: services.running,
      missing: ctx.missing,
      simulator,
      exporterBinaries,
      logsDir: logs,
      prometheus,
      alertmanager,
      databaseUrl: database.url,
      ...(database.relocatedDir ? { relocatedDatabase: database.relocatedDir } : {}),
      notifierToken,
      restart: (name) => services.restart(name),
      stop: () => ctx.parts.stop(),
    };
  } catch (err) {
    await ctx.parts.stop().catch(() => undefined);
    throw err;
  }
}
