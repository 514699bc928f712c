import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deploymentValues } from './deployment-values.ts';
import { parseSunk, sinkSecrets, standInServiceArgs } from './stand-ins.ts';
import { docker, run } from './docker-host.ts';
import { type HttpsInit, httpsRequest } from './https-request.ts';

export type { HttpsAnswer } from './https-request.ts';

/**
 * Services the test deploy leaves out: Grafana, Loki, Promtail and cAdvisor have no image here
 * (no Debian package, no registry).
 */
export const omittedServices = ['grafana', 'loki', 'promtail', 'cadvisor'];

/** The backup service's short period in the test (seconds): a scheduled round within minutes. */
export const backupEverySeconds = Number(process.env.SWARM_TEST_BACKUP_EVERY ?? 180);

/**
 * The stack as the test deploys it: a copy of stack/ (what the deploy workflow copies to the VM),
 * its own stack name, secrets, self-signed certificate and published ports, every request sent
 * to those ports on 127.0.0.1.
 */
export interface StackNaming {
  /** Stack name; also prefixes its secrets. */
  name: string;
  httpPort: number;
  httpsPort: number;
  /** nginx's blue-green preview port. */
  previewPort: number;
}

/** The Swarm test's stack (pttest on 18080/18443/18444), unless the environment says otherwise. */
export const defaultNaming = (): StackNaming => ({
  name: process.env.SWARM_TEST_STACK ?? 'pttest',
  httpPort: Number(process.env.SWARM_TEST_HTTP_PORT ?? 18080),
  httpsPort: Number(process.env.SWARM_TEST_HTTPS_PORT ?? 18443),
  previewPort: Number(process.env.SWARM_TEST_PREVIEW_PORT ?? 18444),
});

export class TestStack {
  readonly name: string;
  readonly httpPort: number;
  readonly httpsPort: number;
  readonly previewPort: number;
  readonly stackDir: string;
  readonly secretsDir: string;
  readonly tlsDir: string;
  readonly sinksDir: string;
  /** PORTTRACK_BACKUP_DIR: the backup service's dump sets. */
  readonly backupDir: string;
  readonly publicUrl: string;
  private ca: Buffer | undefined;

  constructor(
    readonly repoRoot: string,
    readonly workDir: string,
    readonly standinEnv: Record<string, string>,
    naming: StackNaming = defaultNaming(),
    /** The backup service's period in seconds, or its daily time as deployed (no round in a test's minutes). */
    private readonly backupEvery: number | 'daily' = backupEverySeconds,
  ) {
    ({
      name: this.name,
      httpPort: this.httpPort,
      httpsPort: this.httpsPort,
      previewPort: this.previewPort,
    } = naming);
    this.stackDir = join(workDir, 'stack');
    this.secretsDir = join(workDir, 'secrets');
    this.tlsDir = join(workDir, 'tls');
    this.sinksDir = join(workDir, 'sinks');
    this.backupDir = join(workDir, 'backups');
    this.publicUrl = `https://127.0.0.1:${this.httpsPort}`;
  }

  /** Copies stack/, makes the certificate and the secrets (random, plus the sinks' URLs). */
  prepare() {
    rmSync(this.stackDir, { recursive: true, force: true });
    cpSync(join(this.repoRoot, 'stack'), this.stackDir, { recursive: true });
    rmSync(join(this.stackDir, '.deploy'), { recursive: true, force: true });
    // A new stack starts with rolling updates: deploy.sh writes nginx's routing file afresh.
    rmSync(join(this.workDir, 'nginx-live'), { recursive: true, force: true });
    for (const dir of [
      this.secretsDir,
      join(this.workDir, 'acme'),
      join(this.sinksDir, 'out'),
      this.backupDir,
    ])
      mkdirSync(dir, { recursive: true });
    chmodSync(this.secretsDir, 0o700);
    // The sinks run as the image's non-root user: it must reach its script through workDir.
    chmodSync(this.workDir, 0o755);
    chmodSync(this.sinksDir, 0o755);
    chmodSync(join(this.sinksDir, 'out'), 0o777);
    for (const script of ['sinks.mjs', 'echo.mjs'])
      cpSync(join(import.meta.dirname, script), join(this.sinksDir, script));
    run('bash', [join(this.stackDir, 'scripts/tls-self-signed.sh'), this.tlsDir]);
    this.ca = readFileSync(join(this.tlsDir, 'fullchain.pem'));
    for (const [file, content] of Object.entries(sinkSecrets(`${this.name}-sinks`)))
      writeFileSync(join(this.secretsDir, file), content);
    return run('bash', [join(this.stackDir, 'scripts/create-secrets.sh'), this.secretsDir, '--generate'], {
      env: { ...process.env, PORTTRACK_SECRETS_PREFIX: `${this.name}_` },
    });
  }

  secret(name: string) {
    return readFileSync(join(this.secretsDir, name), 'utf8').trim();
  }

  /** What deploy.sh reads, as the deployment guide tells a user to set it, plus the stand-ins. */
  deployEnv(version: string): NodeJS.ProcessEnv {
    return {
      ...process.env,
      ...this.standinEnv,
      PORTTRACK_STACK: this.name,
      PORTTRACK_SECRETS_PREFIX: `${this.name}_`,
      PORTTRACK_IMAGE: 'porttrack',
      PORTTRACK_VERSION: version,
      PORTTRACK_PUBLIC_URL: this.publicUrl,
      // The public URL is 127.0.0.1 here, which a container cannot reach: the blackbox exporter
      // probes nginx by its service name, as the guide says for a host that is its own public name,
      // accepting the self-signed certificate (its expiry is still read).
      PORTTRACK_BLACKBOX_TARGET: 'https://nginx/healthz',
      PORTTRACK_BLACKBOX_MODULE: 'https_2xx_self_signed',
      PORTTRACK_SECRETS_DIR: this.secretsDir,
      PORTTRACK_TLS_CA_FILE: join(this.tlsDir, 'fullchain.pem'),
      PORTTRACK_TLS_DIR: this.tlsDir,
      PORTTRACK_ACME_DIR: join(this.workDir, 'acme'),
      PORTTRACK_HTTP_PORT: String(this.httpPort),
      PORTTRACK_HTTPS_PORT: String(this.httpsPort),
      PORTTRACK_PREVIEW_PORT: String(this.previewPort),
      PORTTRACK_NGINX_LIVE_DIR: join(this.workDir, 'nginx-live'),
      PORTTRACK_OMIT_SERVICES: omittedServices.join(' '),
      // Images built here exist only locally: no registry look-up.
      PORTTRACK_RESOLVE_IMAGE: 'never',
      PORTTRACK_API_REPLICAS: process.env.SWARM_TEST_API_REPLICAS ?? '3',
      PORTTRACK_BACKUP_DIR: this.backupDir,
      PORTTRACK_BACKUP_EVERY: this.backupEvery === 'daily' ? '' : String(this.backupEvery),
      // Grafana is not deployed here: its part would fail every round.
      PORTTRACK_BACKUP_PARTS: 'postgres,prometheus,alertmanager',
      DEPLOY_TIMEOUT_SECONDS: '300',
      // The deployment's own SMTP and runbook base, which no generated file holds.
      ...deploymentValues(this.name),
    };
  }

  /** Runs stack/scripts/deploy.sh (the copy); resolves with its exit code, output and duration. */
  deploy(
    version: string,
    log: (line: string) => void,
    extraEnv: NodeJS.ProcessEnv = {},
    args: string[] = [],
  ) {
    const started = performance.now();
    return new Promise<{ code: number; output: string; seconds: number }>((resolve) => {
      const child = spawn('bash', [join(this.stackDir, 'scripts/deploy.sh'), ...args], {
        env: { ...this.deployEnv(version), ...extraEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const take = (chunk: Buffer) => {
        output += chunk.toString();
        for (const line of chunk.toString().split('\n')) if (line.trim()) log(line);
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      child.on('close', (code) =>
        resolve({ code: code ?? -1, output, seconds: (performance.now() - started) / 1000 }),
      );
    });
  }

  /** Starts the Slack and SMTP stand-ins on the stack's monitoring network. */
  startSinks(version: string) {
    this.startStandIn('sinks', `${this.name}_monitoring`, version, 'sinks.mjs');
  }

  /**
   * Starts the Grafana stand-in (local-swarm/echo.mjs, answering with the request it received) as
   * `grafana` on the app network, where nginx's /grafana/ location looks for it.
   */
  startGrafanaEcho(version: string) {
    this.startStandIn('grafana-echo', `name=${this.name}_app,alias=grafana`, version, 'echo.mjs');
  }

  /** A one-task service running one of this folder's scripts (copied to sinksDir) in our image. */
  private startStandIn(suffix: string, network: string, version: string, script: string) {
    docker(
      ...standInServiceArgs({
        name: `${this.name}-${suffix}`,
        network,
        dir: this.sinksDir,
        image: `porttrack:${version}`,
        script,
      }),
    );
  }

  sunk(kind: 'slack' | 'smtp'): Array<Record<string, unknown>> {
    try {
      return parseSunk(readFileSync(join(this.sinksDir, 'out', `${kind}.jsonl`), 'utf8'));
    } catch {
      return [];
    }
  }

  /** An HTTPS request to nginx's published port, trusting the stack's self-signed certificate. */
  https(path: string, init: HttpsInit = {}) {
    return httpsRequest({ host: '127.0.0.1', port: this.httpsPort, ca: this.ca }, path, init);
  }

  monitoringAuth() {
    return {
      authorization: `Basic ${Buffer.from(`oncall:${this.secret('monitoring_password')}`).toString('base64')}`,
    };
  }

  /** Every task of the stack that is not running as desired, with its state and error. */
  taskTroubles(): string {
    try {
      const services = docker('stack', 'services', this.name, '--format', '{{.Name}}')
        .split('\n')
        .filter(Boolean);
      return services
        .flatMap((s) =>
          docker(
            'service',
            'ps',
            s,
            '--no-trunc',
            '--format',
            '{{.Name}} {{.DesiredState}} {{.CurrentState}} {{.Error}}',
          )
            .split('\n')
            .filter((line) => line && !/ Running Running /.test(line)),
        )
        .join('\n');
    } catch (err) {
      return `(could not list tasks: ${(err as Error).message})`;
    }
  }

  /** Running containers of one service, by id (`sinks` is the test's own service beside the stack). */
  containers(service: string): string[] {
    const name = service === 'sinks' ? `${this.name}-sinks` : `${this.name}_${service}`;
    const out = docker('ps', '-q', '--filter', `label=com.docker.swarm.service.name=${name}`);
    return out ? out.split('\n') : [];
  }

  exec(service: string, cmd: string[]): { ok: boolean; output: string } {
    const [container] = this.containers(service);
    if (!container) throw new Error(`no running container of ${service}`);
    try {
      return { ok: true, output: run('docker', ['exec', container, ...cmd]) };
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}`.trim() };
    }
  }

  /** One statement as the superuser, on the primary or the standby (`postgres-standby`). */
  psql(sql: string, { service = 'postgres', database = 'porttrack' } = {}): string {
    const result = this.exec(service, ['psql', '-U', 'postgres', '-d', database, '-Atc', sql]);
    if (!result.ok) throw new Error(`psql: ${result.output}`);
    return result.output;
  }

  /** Removes the stack, the sinks and everything they made (secrets, configs, volumes). */
  async remove(log: (line: string) => void) {
    const quiet = (...args: string[]) => {
      try {
        docker(...args);
      } catch {
        /* already gone */
      }
    };
    log(`removing stack ${this.name}`);
    quiet('service', 'rm', `${this.name}-sinks`);
    quiet('service', 'rm', `${this.name}-grafana-echo`);
    quiet('stack', 'rm', this.name);
    // Networks and volumes go once the stack's containers have stopped.
    const deadline = Date.now() + 90_000;
    while (
      Date.now() < deadline &&
      docker('ps', '-aq', '--filter', `label=com.docker.stack.namespace=${this.name}`)
    ) {
      await new Promise((r) => setTimeout(r, 1000));
    }
    for (const id of docker(
      'network',
      'ls',
      '-q',
      '--filter',
      `label=com.docker.stack.namespace=${this.name}`,
    )
      .split('\n')
      .filter(Boolean))
      quiet('network', 'rm', id);
    for (const v of docker('volume', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${this.name}`)
      .split('\n')
      .filter(Boolean))
      quiet('volume', 'rm', v);
    for (const c of docker('config', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${this.name}`)
      .split('\n')
      .filter(Boolean))
      quiet('config', 'rm', c);
    for (const name of readSecretNames(join(this.repoRoot, 'stack')))
      quiet('secret', 'rm', `${this.name}_${name}`);
  }
}

/** The external secrets docker-stack.yml declares. */
function readSecretNames(stackDir: string): string[] {
  const text = readFileSync(join(stackDir, 'docker-stack.yml'), 'utf8');
  return [...text.matchAll(/^ {2}([a-z_]+):\n {4}external: true$/gm)].map((m) => m[1] as string);
}
