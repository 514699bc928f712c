import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../lib/net/free-port.ts';
import { findBinary, missingBinaryMessage } from './binaries.ts';
import { type ManagedProcess, spawnManaged } from './managed-process.ts';
import type { ScrapeJob } from '../scrape/jobs.ts';
import { renderLocalPrometheusConfig } from '../scrape/local.ts';
import type { Probe } from '../scrape/render.ts';
import { discoveredAlertmanagers } from './prometheus-api.ts';
import { waitFor, waitForHttp } from './wait.ts';

export interface RuleFile {
  /** File name, e.g. api.rules.yml */
  name: string;
  content: string;
}

export interface PrometheusOptions {
  /** Holds prometheus.yml, rules/ and the TSDB (data/). */
  dir: string;
  /** 0 or absent: a free port. */
  port?: number;
  scrapeIntervalSeconds: number;
  evaluationIntervalSeconds: number;
  rules: RuleFile[];
  /** Each job with its static targets (host:port), and for a prober job what it probes. */
  jobs: Array<{ job: ScrapeJob; targets: string[]; probe?: Probe }>;
  /** host:port of the Alertmanager to send alerts to. */
  alertmanager?: string;
  /**
   * How often firing alerts are re-sent to Alertmanager (Prometheus' default is 1m). Alerts that
   * fire before Alertmanager is discovered are dropped and only arrive on the next re-send, so
   * short-interval runs use a few seconds.
   */
  resendDelaySeconds?: number;
  binary?: string;
  /** How long the TSDB keeps data (`--storage.tsdb.retention.time`); default 2d. */
  retentionTime?: string;
  /** More command-line flags, e.g. `--web.enable-admin-api` for the backup test's snapshot. */
  extraArgs?: string[];
  /** External labels (`cluster`, `replica`), as one of the stack's pair; none by default. */
  externalLabels?: Record<string, string>;
}

export interface RunningPrometheus {
  url: string;
  port: number;
  configFile: string;
  /** Unix ms when the process was started (rules evaluate from then on). */
  startedAt: number;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * Runs the real Prometheus on 127.0.0.1 with a config rendered from the shared job list and
 * the given rule files, and resolves once /-/ready answers. `stop()` ends it and awaits exit.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const binary = options.binary ?? findBinary('prometheus');
  if (!binary) throw new Error(missingBinaryMessage('prometheus'));
  const port = options.port || (await freePort());
  const rulesDir = join(options.dir, 'rules');
  await mkdir(rulesDir, { recursive: true });
  await mkdir(join(options.dir, 'data'), { recursive: true });
  for (const rule of options.rules) await writeFile(join(rulesDir, rule.name), rule.content);
  const configFile = join(options.dir, 'prometheus.yml');
  await writeFile(
    configFile,
    renderLocalPrometheusConfig({
      scrapeIntervalSeconds: options.scrapeIntervalSeconds,
      evaluationIntervalSeconds: options.evaluationIntervalSeconds,
      ruleFiles: options.rules.map((r) => join(rulesDir, r.name)),
      jobs: options.jobs,
      ...(options.alertmanager ? { alertmanager: options.alertmanager } : {}),
      ...(options.externalLabels ? { externalLabels: options.externalLabels } : {}),
    }),
  );
  const startedAt = Date.now();
  const proc = spawnManaged(
    'prometheus',
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(options.dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--web.external-url=http://127.0.0.1:${port}`,
      '--web.enable-lifecycle',
      `--storage.tsdb.retention.time=${options.retentionTime ?? '2d'}`,
      `--rules.alert.resend-delay=${options.resendDelaySeconds ?? 60}s`,
      ...(options.extraArgs ?? []),
    ],
    { logFile: join(options.dir, 'prometheus.log') },
  );
  const url = `http://127.0.0.1:${port}`;
  let exitCode: number | string | undefined;
  void proc.exited.then((code) => (exitCode = code));
  try {
    await waitForHttp(`${url}/-/ready`, {
      what: 'Prometheus ready',
      timeoutMs: 30_000,
      abort: () => (exitCode === undefined ? undefined : `exited with ${exitCode}:\n${proc.tail()}`),
    });
    if (options.alertmanager) {
      await waitFor(
        async () => {
          const found = await discoveredAlertmanagers(url);
          return found.length > 0 ? true : undefined;
        },
        { what: 'Prometheus discovering its Alertmanager', timeoutMs: 15_000 },
      );
    }
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { url, port, configFile, startedAt, process: proc, stop: () => proc.stop() };
}
