import type { JobKey } from '../lib/monitoring/index.ts';
import type { Simulator, SimulatorOptions } from '../api/simulator/simulator.ts';
import type { RunningAlertmanager } from './alertmanager.ts';
import type { ExporterKind, RunningExporterBinary } from './exporter-binaries.ts';
import type { RunningPrometheus } from './prometheus.ts';
import type { RuleTiming } from './rules-and-routing.ts';
import type { ServiceProcess } from './service-process.ts';
import type { ServiceName } from './services.ts';

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
  /**
   * Prometheus' external labels, to run it as one of a pair like the stack's (`cluster`, `replica`;
   * `PORTTRACK_CLUSTER` and `PROMETHEUS_REPLICA` for npm start): none by default.
   */
  prometheusExternalLabels?: Record<string, string>;
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
