import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../../lib/net/free-port.ts';
import type { ManagedProcess } from '../../local-platform/managed-process.ts';
import { alertmanagerBinary } from '../../notifier/testing/alertmanager.ts';
import { signalGroup, startReadyProcess } from './ready-process.ts';

/** Gossip timing for a test: a peer is waited for 1 s, a lost one is rejoined within a second. */
export const peerTimeoutMs = 1000;

export interface ClusterMember {
  /** host:port of its API, what Prometheus sends to. */
  address: string;
  url: string;
  /** Running (possibly paused); false while killed. */
  readonly running: boolean;
  kill(): Promise<void>;
  /** Starts it again on the same ports and storage (its notification log as last written). */
  restart(): Promise<void>;
  pause(): void;
  resume(): void;
  /** Whether it holds a firing alert with these labels (Alertmanager's v2 API filter). */
  hasAlert(labels: Record<string, string>): Promise<boolean>;
}

export interface AlertmanagerCluster {
  members: ClusterMember[];
  stop(): Promise<void>;
}

/**
 * Alertmanager 0.25 as `size` processes on 127.0.0.1 gossiping with each other
 * (`--cluster.listen-address`, `--cluster.peer` naming every other member), each with its own
 * storage, the same configuration (YAML text; `{{TOKEN_FILE}}` becomes a file holding `token`).
 */
export async function startAlertmanagerCluster(
  dir: string,
  configYaml: string,
  token: string,
  size = 3,
): Promise<AlertmanagerCluster> {
  await mkdir(dir, { recursive: true });
  const tokenFile = join(dir, 'token');
  await writeFile(tokenFile, token, { mode: 0o600 });
  const configFile = join(dir, 'alertmanager.yml');
  await writeFile(configFile, configYaml.replaceAll('{{TOKEN_FILE}}', tokenFile));
  const ports: Array<{ web: number; cluster: number }> = [];
  for (let i = 0; i < size; i++) ports.push({ web: await freePort(), cluster: await freePort() });

  const members = ports.map((port, i): ClusterMember => {
    const memberDir = join(dir, `am-${i}`);
    const url = `http://127.0.0.1:${port.web}`;
    let proc: ManagedProcess | undefined;
    const args = [
      `--config.file=${configFile}`,
      `--storage.path=${join(memberDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port.web}`,
      `--web.external-url=${url}`,
      `--cluster.listen-address=127.0.0.1:${port.cluster}`,
      `--cluster.advertise-address=127.0.0.1:${port.cluster}`,
      ...ports.filter((_, j) => j !== i).map((p) => `--cluster.peer=127.0.0.1:${p.cluster}`),
      `--cluster.peer-timeout=${peerTimeoutMs}ms`,
      '--cluster.gossip-interval=100ms',
      '--cluster.pushpull-interval=2s',
      '--cluster.reconnect-interval=1s',
      '--cluster.settle-timeout=3s',
      '--log.level=warn',
    ];
    const start = async () => {
      await mkdir(join(memberDir, 'data'), { recursive: true });
      proc = await startReadyProcess(
        `alertmanager-${i}`,
        alertmanagerBinary,
        args,
        `${url}/-/ready`,
        join(memberDir, 'alertmanager.log'),
      );
    };
    return {
      address: `127.0.0.1:${port.web}`,
      url,
      get running() {
        return proc?.alive ?? false;
      },
      async kill() {
        await proc?.kill();
        proc = undefined;
      },
      restart: start,
      pause: () => proc && signalGroup(proc, 'SIGSTOP'),
      resume: () => proc && signalGroup(proc, 'SIGCONT'),
      async hasAlert(labels) {
        const filter = Object.entries(labels)
          .map(([k, v]) => `filter=${encodeURIComponent(`${k}="${v}"`)}`)
          .join('&');
        const res = await fetch(`${url}/api/v2/alerts?active=true&${filter}`, {
          signal: AbortSignal.timeout(1000),
        }).catch(() => undefined);
        return res?.ok ? ((await res.json()) as unknown[]).length > 0 : false;
      },
    };
  });
  const stop = async () => {
    for (const m of members) {
      m.resume();
      await m.kill();
    }
  };
  try {
    await Promise.all(members.map((m) => m.restart()));
  } catch (err) {
    await stop();
    throw err;
  }
  return { members, stop };
}
