import type { JobKey } from '../lib/monitoring/index.ts';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Simulator, type SimulatorOptions, startSimulator } from '../api/simulator/simulator.ts';
import { type EmbeddedPostgres, freePort, startEmbeddedPostgres } from '../lib/db/embedded.ts';
import { type RunningAlertmanager, startAlertmanager } from './alertmanager.ts';
import { findBinary, missingBinaryMessage } from './binaries.ts';
import { startPostgresExporter, startRedisExporter } from './database-exporters.ts';
import {
  type ExporterKind,
  exporterBinaries,
  exporterBinary,
  type RunningExporterBinary,
  startExporterBinary,
} from './exporter-binaries.ts';
import { type PortName, portFor, portOffsets } from './ports.ts';
import { repoRoot } from '../lib/generated.ts';
import { type RunningPrometheus, startPrometheus } from './prometheus.ts';
import { localRuleFiles, renderLocalAlertmanagerConfig, type RuleTiming } from './rules-and-routing.ts';
import { localJobs } from '../scrape/jobs.ts';
import { ServiceMissing, type ServiceProcess, startServiceProcess } from './service-process.ts';
import { type ServiceName, services } from './services.ts';

/** The blackbox exporter's modules: the stack's file. */
const blackboxConfig = join(repoRoot, 'stack/blackbox/blackbox.yml');

export interface PlatformOptions {
  /** Base port (see ports.ts); 0 picks free ports. */
  portBase: number;
  /** Logs, the embedded database, Prometheus' TSDB and Alertmanager's state go here. */
  dataDir: string;
  /** Use this PostgreSQL (as a superuser: postgres-exporter's login is created) instead of the embedded one. */
  databaseUrl?: string;
  /** The API caches in this Redis (instead of in process) and redis-exporter watches it. */
  redisUrl?: string;
  /** Password of the demo users; the probe runner signs in with it. */
  demoPassword: string;
  scrapeIntervalSeconds: number;
  evaluationIntervalSeconds: number;
  probeIntervalSeconds: number;
  /** Simulator settings beyond the API URL and password (tick length, failed-login cadence). */
  simulator?: Omit<SimulatorOptions, 'apiUrl' | 'password' | 'log'>;
  rules?: RuleTiming;
  routing: { groupWaitSeconds: number; groupIntervalSeconds: number; repeatIntervalSeconds: number };
  /** Last adjustment of the rendered alertmanager.yml (the e2e suite shortens the heartbeat route). */
  adjustRouting?: (yaml: string) => string;
  /** Where alert runbook links point (the notifier renders them). */
  runbookBaseUrl: string;
  /** Extra environment per service (e.g. the notifier's Slack and SMTP settings). */
  env?: Partial<Record<ServiceName, NodeJS.ProcessEnv>>;
  /** Further targets Prometheus scrapes per job (host:port), e.g. a drill's own PostgreSQL exporter. */
  extraTargets?: Partial<Record<JobKey, string[]>>;
  /** Third-party exporters not to start (a drill's stand-in serves that job instead). */
  skipExporters?: ExporterKind[];
  /** Run Prometheus and Alertmanager (default: when their binaries are on PATH). */
  monitoring?: boolean;
  /** Progress lines for a person watching. */
  progress?: (line: string) => void;
  /** Ctrl-C while starting: stop what is up and reject with an AbortError. */
  signal?: AbortSignal;
}

export interface Platform {
  services: Partial<Record<ServiceName, ServiceProcess>>;
  /** Parts that are not running, and why (not landed yet, binary missing). */
  missing: Array<{ part: string; reason: string }>;
  /** Moves the demo port; `holdAtAnchorage(n)` is the anchorage drill's hook. */
  simulator?: Simulator;
  prometheus?: RunningPrometheus;
  alertmanager?: RunningAlertmanager;
  databaseUrl: string;
  /** The embedded cluster's folder when it is not under the data folder (see lib/db/embedded.ts). */
  relocatedDatabase?: string;
  /** node-exporter for this machine, postgres-exporter and redis-exporter, where installed. */
  exporterBinaries: Partial<Record<ExporterKind, RunningExporterBinary>>;
  /** One log file per part (JSON lines). */
  logsDir: string;
  /** The bearer token Alertmanager sends the notifier (a fresh one per run). */
  notifierToken: string;
  /** Starts a stopped or killed service again on the same port, with the same environment. */
  restart(name: ServiceName): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

/**
 * Starts the whole monitored platform on this machine: PostgreSQL (embedded unless a URL is
 * given), the API (migrations, demo port), the exporter, the notifier and the probe runner as
 * child processes, the simulator in this process, then node-exporter, the real Alertmanager
 * (generated routing, pointed at the notifier) and Prometheus (generated rules, the stack's
 * jobs with static targets), each where its binary is installed.
 * Anything started before a failure is stopped again.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const say = options.progress ?? (() => undefined);
  const notifierToken = randomBytes(24).toString('hex');
  const logs = join(options.dataDir, 'logs');
  await mkdir(logs, { recursive: true });
  const ports = await allocatePorts(options.portBase);
  const url = (name: PortName) => `http://127.0.0.1:${ports[name]}`;
  const running: Partial<Record<ServiceName, ServiceProcess>> = {};
  const missing: Platform['missing'] = [];
  const envs: Partial<Record<ServiceName, NodeJS.ProcessEnv>> = {};
  let database: EmbeddedPostgres | undefined;
  let prometheus: RunningPrometheus | undefined;
  let alertmanager: RunningAlertmanager | undefined;
  let simulator: Simulator | undefined;
  const thirdParty: Partial<Record<ExporterKind, RunningExporterBinary>> = {};
  const simulatorLog = createWriteStream(join(logs, 'simulator.log'), { flags: 'a' });

  /** Stops one part, saying so, and how long it took when it was not quick. */
  const stopPart = async (name: string, part: { stop(): Promise<void> } | undefined) => {
    if (!part) return;
    const began = performance.now();
    await part.stop();
    const seconds = (performance.now() - began) / 1000;
    say(`${name} stopped${seconds >= 1 ? ` (${seconds.toFixed(1)} s)` : ''}`);
  };
  const stop = async () => {
    await stopPart('Prometheus', prometheus);
    await stopPart('Alertmanager', alertmanager);
    await stopPart('simulator', simulator);
    simulatorLog.end();
    for (const [kind, exporter] of Object.entries(thirdParty)) await stopPart(`${kind}-exporter`, exporter);
    // Clients first, the API last: each finishes its in-flight work against a live API.
    for (const name of ['synthetics', 'exporters', 'notifier', 'api'] as const)
      await stopPart(name, running[name]);
    await stopPart('PostgreSQL', database);
  };

  const launch = async (name: ServiceName, env: NodeJS.ProcessEnv): Promise<ServiceProcess | undefined> => {
    const spec = services[name];
    const full: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      ...env,
      ...options.env?.[name],
    };
    if ('portVariable' in spec) full[spec.portVariable] = String(ports[name as PortName]);
    if ('hostVariable' in spec) full[spec.hostVariable] = '127.0.0.1';
    envs[name] = full;
    options.signal?.throwIfAborted();
    say(`starting ${name}`);
    try {
      const started = await startServiceProcess(spec, full, join(logs, `${name}.log`));
      running[name] = started;
      say(`${name} ready on ${started.url}`);
      return started;
    } catch (err) {
      if (!(err instanceof ServiceMissing)) throw err;
      missing.push({ part: name, reason: err.message });
      say(`${name} skipped: ${err.message}`);
      return undefined;
    }
  };

  try {
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      say('starting embedded PostgreSQL 17');
      database = await startEmbeddedPostgres({
        // Not `postgres/`: that folder holds the PGlite cluster of earlier versions.
        dataDir: join(options.dataDir, 'embedded-postgres'),
        logFile: join(logs, 'postgres.log'),
        port: ports.postgres,
        maxConnections: 100,
      });
      databaseUrl = database.url;
      if (database.relocated) say(`embedded PostgreSQL: ${database.relocated}`);
    }
    const common = { DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' };
    const api = await launch('api', {
      ...common,
      ...(options.redisUrl
        ? { REDIS_URL: options.redisUrl, REDIS_KEY_PREFIX: `porttrack-local-${ports.api}:` }
        : {}),
      PORTTRACK_DEMO_PASSWORD: options.demoPassword,
      PORTTRACK_SEED_DEMO: 'true',
      PORTTRACK_FAULT_INJECTION: 'true',
    });
    const apiUrl = api?.url ?? url('api');
    const needsApi = (name: ServiceName | 'simulator') => {
      if (api) return false;
      missing.push({ part: name, reason: `${name}: needs the API, which is not running` });
      return true;
    };
    await Promise.all([
      launch('exporters', common),
      launch('notifier', {
        ...common,
        NOTIFIER_ALERTMANAGER_TOKEN: notifierToken,
        PROMETHEUS_URL: url('prometheus'),
        ALERTMANAGER_URL: url('alertmanager'),
        RUNBOOK_BASE_URL: options.runbookBaseUrl,
      }),
      needsApi('synthetics')
        ? undefined
        : launch('synthetics', {
            PROBE_TARGET_URL: apiUrl,
            PROBE_PASSWORD: options.demoPassword,
            PROBE_INTERVAL_SECONDS: String(options.probeIntervalSeconds),
          }),
    ]);
    if (!needsApi('simulator')) {
      simulator = await startSimulator({
        apiUrl,
        password: options.demoPassword,
        ...options.simulator,
        log: (message) =>
          simulatorLog.write(`${JSON.stringify({ time: new Date().toISOString(), msg: message })}\n`),
      });
      say('simulator moving the demo port');
    }

    options.signal?.throwIfAborted();
    await startThirdPartyExporters(databaseUrl);
    if (options.monitoring ?? Boolean(findBinary('prometheus'))) {
      alertmanager = await startAlertmanagerIfPossible();
      say('starting Prometheus');
      prometheus = await startPrometheus({
        dir: join(options.dataDir, 'prometheus'),
        port: ports.prometheus,
        scrapeIntervalSeconds: options.scrapeIntervalSeconds,
        evaluationIntervalSeconds: options.evaluationIntervalSeconds,
        resendDelaySeconds: Math.max(2, options.evaluationIntervalSeconds),
        rules: localRuleFiles(options.runbookBaseUrl, options.rules),
        jobs: localJobs()
          .filter((job) => job.key !== 'alertmanager' || alertmanager)
          .map((job) => ({
            job,
            ...(job.prober ? { probe: { module: 'http_2xx', target: `${apiUrl}/healthz` } } : {}),
            targets: [
              ...(job.key === 'prometheus' || isRunningJob(job.key)
                ? [`127.0.0.1:${portOfJob(job.key)}`]
                : []),
              ...(options.extraTargets?.[job.key] ?? []),
            ],
          }))
          .filter((job) => job.targets.length > 0),
        ...(alertmanager ? { alertmanager: `127.0.0.1:${alertmanager.port}` } : {}),
      });
      say(`Prometheus ready on ${prometheus.url}`);
    } else {
      missing.push({ part: 'prometheus', reason: missingBinaryMessage('prometheus') });
    }

    return {
      services: running,
      missing,
      simulator,
      exporterBinaries: thirdParty,
      logsDir: logs,
      prometheus,
      alertmanager,
      databaseUrl,
      ...(database?.relocated ? { relocatedDatabase: database.dataDir } : {}),
      notifierToken,
      async restart(name) {
        await running[name]?.stop();
        const env = envs[name];
        if (!env) throw new Error(`${name} was never started`);
        const started = await startServiceProcess(services[name], env, join(logs, `${name}.log`));
        running[name] = started;
        return started;
      },
      stop,
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }

  function isRunningJob(key: string): boolean {
    if (key === 'alertmanager') return true;
    if (key in thirdParty) return true;
    return Object.values(running).some(
      (s) => s && (services[s.name as ServiceName] as { job?: string }).job === key,
    );
  }

  /** The local port behind a scrape job (the exporters of PostgreSQL and Redis have their own). */
  function portOfJob(key: string): number {
    if (key === 'postgres') return ports.postgresExporter;
    if (key === 'redis') return ports.redisExporter;
    if (key === 'blackbox') return ports.blackboxExporter;
    return ports[key as PortName];
  }

  /**
   * node-exporter for this machine, postgres-exporter (on a pg_monitor login) for the database,
   * redis-exporter where the API uses Redis, the blackbox exporter (the stack's modules) probing
   * the API as the stack's probes its public URL: each where its Debian package is installed.
   */
  async function startThirdPartyExporters(databaseUrl: string): Promise<void> {
    const plan: Array<[ExporterKind, (binary: string) => Promise<RunningExporterBinary>] | undefined> = [
      ['node', (binary) => startExporterBinary({ kind: 'node', dir: logs, port: ports.node, binary })],
      [
        'postgres',
        (binary) =>
          startPostgresExporter({ adminUrl: databaseUrl, dir: logs, port: ports.postgresExporter, binary }),
      ],
      options.redisUrl
        ? [
            'redis',
            (binary) =>
              startRedisExporter({
                redisUrl: options.redisUrl as string,
                dir: logs,
                port: ports.redisExporter,
                binary,
              }),
          ]
        : undefined,
      [
        'blackbox',
        (binary) =>
          startExporterBinary({
            kind: 'blackbox',
            dir: logs,
            port: ports.blackboxExporter,
            binary,
            args: [`--config.file=${blackboxConfig}`],
          }),
      ],
    ];
    for (const step of plan) {
      if (!step || options.skipExporters?.includes(step[0])) continue;
      const [kind, start] = step;
      const binary = exporterBinary(kind);
      if (!binary) {
        missing.push({ part: `${kind}-exporter`, reason: missingBinaryMessage(exporterBinaries[kind][0]) });
        continue;
      }
      options.signal?.throwIfAborted();
      say(`starting ${kind}-exporter`);
      thirdParty[kind] = await start(binary);
    }
  }

  async function startAlertmanagerIfPossible(): Promise<RunningAlertmanager | undefined> {
    if (!findBinary('prometheus-alertmanager') && !findBinary('alertmanager')) {
      missing.push({ part: 'alertmanager', reason: missingBinaryMessage('prometheus-alertmanager') });
      return undefined;
    }
    if (!running.notifier) {
      missing.push({
        part: 'alertmanager',
        reason: 'alertmanager: needs the notifier, which is not running',
      });
      return undefined;
    }
    const dir = join(options.dataDir, 'alertmanager');
    await mkdir(dir, { recursive: true });
    const tokenFile = join(dir, 'notifier-token');
    await writeFile(tokenFile, notifierToken, { mode: 0o600 });
    say('starting Alertmanager');
    const rendered = renderLocalAlertmanagerConfig({
      notifierUrl: running.notifier.url,
      tokenFile,
      ...options.routing,
    });
    const started = await startAlertmanager({
      dir,
      port: ports.alertmanager,
      config: options.adjustRouting ? options.adjustRouting(rendered) : rendered,
    });
    say(`Alertmanager ready on ${started.url}`);
    return started;
  }
}

async function allocatePorts(base: number): Promise<Record<PortName, number>> {
  const ports = {} as Record<PortName, number>;
  const taken = new Set<number>();
  for (const name of Object.keys(portOffsets) as PortName[]) {
    let port = portFor(base, name);
    while (port === 0 || taken.has(port)) port = await freePort();
    taken.add(port);
    ports[name] = port;
  }
  return ports;
}
