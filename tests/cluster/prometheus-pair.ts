import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../../lib/net/free-port.ts';
import type { ManagedProcess } from '../../local-platform/managed-process.ts';
import { startReadyProcess } from './ready-process.ts';

export const prometheusBinary = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';

/**
 * Firing alerts are re-sent every 2 s and valid for 4 times that (Prometheus' ValidUntil): an
 * Alertmanager paused for less than 8 s does not resolve them by timeout on its own (a pause
 * that long is a partition from Prometheus, not the peer-timeout fault under test).
 */
export const resendDelaySeconds = 2;

export interface PrometheusPairOptions {
  dir: string;
  /** host:port of the scrape target the alerts come from. */
  source: string;
  /** host:port of every Alertmanager: each replica sends to all of them, never to one address. */
  alertmanagers: string[];
  /** Alerting rule groups (Prometheus' rule file format, as an object). */
  rules: object;
}

/**
 * Two Prometheus replicas with identical configuration but their own `replica` external label,
 * dropped from alerts (alert_relabel_configs) so both send the same alert with one fingerprint
 * and Alertmanager can merge them. Scrapes and evaluates every second; a new or resolved alert
 * is sent at once, a firing one again every `resendDelaySeconds`.
 */
export async function startPrometheusPair(options: PrometheusPairOptions): Promise<ManagedProcess[]> {
  const rulesFile = join(options.dir, 'rules.yml');
  await mkdir(options.dir, { recursive: true });
  await writeFile(rulesFile, JSON.stringify(options.rules, null, 2));
  const replicas: ManagedProcess[] = [];
  try {
    for (const replica of ['a', 'b']) {
      const dir = join(options.dir, replica);
      await mkdir(join(dir, 'data'), { recursive: true });
      // JSON is YAML: the configuration is written as an object.
      const config = {
        global: {
          scrape_interval: '1s',
          evaluation_interval: '1s',
          external_labels: { cluster: 'loopback', replica },
        },
        alerting: {
          alert_relabel_configs: [{ action: 'labeldrop', regex: 'replica' }],
          alertmanagers: [{ timeout: '1s', static_configs: [{ targets: options.alertmanagers }] }],
        },
        rule_files: [rulesFile],
        scrape_configs: [{ job_name: 'alert-source', static_configs: [{ targets: [options.source] }] }],
      };
      await writeFile(join(dir, 'prometheus.yml'), JSON.stringify(config, null, 2));
      const port = await freePort();
      replicas.push(
        await startReadyProcess(
          `prometheus-${replica}`,
          prometheusBinary,
          [
            `--config.file=${join(dir, 'prometheus.yml')}`,
            `--storage.tsdb.path=${join(dir, 'data')}`,
            `--web.listen-address=127.0.0.1:${port}`,
            `--rules.alert.resend-delay=${resendDelaySeconds}s`,
            '--log.level=warn',
          ],
          `http://127.0.0.1:${port}/-/ready`,
          join(dir, 'prometheus.log'),
        ),
      );
    }
  } catch (err) {
    for (const p of replicas) await p.kill();
    throw err;
  }
  return replicas;
}
