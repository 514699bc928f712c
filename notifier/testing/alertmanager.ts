import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../lib/net/free-port.ts';
import { waitFor } from '../../lib/testing/wait.ts';

export const alertmanagerBinary = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';

export interface TestAlertmanager {
  url: string;
  /** Posts alerts through Alertmanager's v2 API, as Prometheus does. */
  postAlerts(alerts: PostableAlert[]): Promise<void>;
  stop(): Promise<void>;
}

export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

/**
 * An Alertmanager config with one `oncall` receiver posting to the notifier with the bearer token
 * from a credentials file (`{{TOKEN_FILE}}`), as the generated stack/alertmanager/alertmanager.yml
 * does, and short intervals so that a test sees Alertmanager group, repeat and resolve.
 */
export const oncallConfig = (notifierUrl: string, timing: { groupBy: string[]; repeatInterval: string }) => `
route:
  receiver: oncall
  group_by: [${timing.groupBy.join(', ')}]
  group_wait: 200ms
  group_interval: 1s
  repeat_interval: ${timing.repeatInterval}
receivers:
  - name: oncall
    webhook_configs:
      - url: ${notifierUrl}/alertmanager/oncall
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials_file: {{TOKEN_FILE}}
`;

/**
 * The real Alertmanager binary on free ports, clustering off, a temporary storage path, and a
 * config (YAML text) written by the test; `{{TOKEN_FILE}}` in it is replaced with the path of a
 * file holding `token`.
 */
export async function startAlertmanager(configYaml: string, token: string): Promise<TestAlertmanager> {
  const dir = await mkdtemp(join(tmpdir(), 'notifier-am-'));
  const tokenFile = join(dir, 'token');
  await writeFile(tokenFile, token, { mode: 0o600 });
  await writeFile(join(dir, 'alertmanager.yml'), configYaml.replaceAll('{{TOKEN_FILE}}', tokenFile));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(
    alertmanagerBinary,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--web.external-url=${url}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`alertmanager exited (${child.exitCode}): ${output}`);
        return fetch(`${url}/-/ready`).then(
          (r) => r.ok,
          () => false,
        );
      },
      'Alertmanager to be ready',
      15_000,
      100,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    async postAlerts(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      if (!res.ok) throw new Error(`Alertmanager refused alerts: ${res.status} ${await res.text()}`);
    },
    stop,
  };
}
