import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig as loadApiConfig } from '../api/config.ts';
import { renderSwarmTemplate, templateVariables, unsupportedActions } from '../lib/swarm-template.ts';
import type { Env } from '../lib/config/env.ts';
import { loadExporterConfig } from '../exporters/config.ts';
import { loadConfig as loadNotifierConfig } from '../notifier/config.ts';
import { scrapeJobs } from '../scrape/jobs.ts';
import { daemonJson, hardeningProblems } from '../scripts/ops-checks/container-hardening.ts';
import { secretArgumentsIn } from '../scripts/ops-checks/secret-arguments.ts';
import { loadProbeRunnerConfig } from '../synthetics/runner/config.ts';

interface StackService {
  image: string;
  user?: string;
  /** A list, or a mapping where a network gives the service aliases (the Prometheus pair). */
  networks?: string[] | Record<string, unknown>;
  ports?: unknown[];
  command?: string[];
  environment?: Record<string, string>;
  secrets?: Array<string | { source: string }>;
  configs?: Array<{ source: string; target?: string }>;
  volumes?: Array<string | { type: string; source?: string; target: string }>;
  healthcheck?: unknown;
  entrypoint?: string[];
  deploy?: {
    update_config?: { failure_action?: string; order?: string };
    endpoint_mode?: string;
    mode?: string;
    replicas?: number | string;
    placement?: { constraints?: string[]; max_replicas_per_node?: number };
  };
}
interface Stack {
  services: Record<string, StackService>;
  networks: Record<string, { ipam?: { config?: Array<{ subnet?: string }> } }>;
  configs: Record<string, { file: string; name?: string; template_driver?: string }>;
  secrets: Record<string, { external?: boolean; name?: string }>;
}

const stackDir = resolve(import.meta.dirname);
const repoRoot = resolve(stackDir, '..');
// The stack interpolates ${VAR:-default}; take the defaults, as `docker stack config` would.
const stackText = readFileSync(join(stackDir, 'docker-stack.yml'), 'utf8').replace(/\$\{\w+:-([^}]*)\}/g, '$1');
// Its services share settings through YAML merge keys (<<: *anchor).
const stack = load(stackText, { schema: CORE_SCHEMA.withTags(mergeTag) }) as Stack;

const ours = ['api', 'exporters', 'notifier', 'synthetics'] as const;
/** deploy.sh --strategy blue-green runs these instead of `api`. */
const apiColours = ['api-blue', 'api-green'] as const;
/** Images built from this repository for each release, tagged with its version. */
const builtHere = [...ours, ...apiColours, 'backup'];
const loaders: Record<(typeof ours)[number], (env: Env) => unknown> = {
  api: loadApiConfig,
  exporters: loadExporterConfig,
  notifier: loadNotifierConfig,
  synthetics: loadProbeRunnerConfig,
};
const networkNames = (s: StackService) => (Array.isArray(s.networks) ? s.networks : Object.keys(s.networks ?? {}));
const secretNames = (s: StackService) => (s.secrets ?? []).map((x) => (typeof x === 'string' ? x : x.source));
const secretDir = mkdtempSync(join(tmpdir(), 'porttrack-stack-secrets-'));
afterAll(() => rmSync(secretDir, { recursive: true, force: true }));

const cannotRender = renderingUnavailable();
// Said, not hidden: the rendering checks below need a newer docker CLI than Debian's.
if (cannotRender) console.warn(`stack/docker-stack.test.ts: rendering checks skipped: ${cannotRender}`);

describe('stack/docker-stack.yml', () => {
  it.skipIf(cannotRender)('renders with the docker CLI', () => {
    expect(render({ PORTTRACK_VERSION: 'test' })).toContain('image: porttrack:test');
  });

  it.skipIf(cannotRender)('runs our services as tag@digest given the digest, and the backup image by its own tag', () => {
    const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
    // What deploy.sh exports for a rolling deploy of 1.4.2 given PORTTRACK_IMAGE_DIGEST.
    const out = render({
      PORTTRACK_IMAGE: 'ghcr.io/example/porttrack',
      PORTTRACK_VERSION: '1.4.2',
      PORTTRACK_IMAGE_PIN: `@${digest}`,
      PORTTRACK_API_VERSION: `1.4.2@${digest}`,
    });
    const images = [...out.matchAll(/^ {4}image: (\S+)$/gm)].map((m) => m[1]);
    // api, exporters, notifier, synthetics; the idle colours keep their own (latest here).
    expect(images.filter((i) => i === `ghcr.io/example/porttrack:1.4.2@${digest}`)).toHaveLength(4);
    expect(images).toContain('porttrack-backup:1.4.2');
  });

  it('references only files that exist in the repository', () => {
    const missing: string[] = [];
    for (const [name, config] of Object.entries(stack.configs)) {
      // deploy.sh writes the rules bundle (every generated rule file) before deploying.
      if (name === 'prometheus_rules') continue;
      if (!existsSync(resolve(stackDir, config.file))) missing.push(`config ${name}: ${config.file}`);
    }
    for (const [name, service] of Object.entries(stack.services)) {
      for (const volume of service.volumes ?? []) {
        const source = typeof volume === 'string' ? volume.split(':')[0]! : (volume.source ?? '');
        if (source.startsWith('.') && !existsSync(resolve(stackDir, source))) missing.push(`${name} mounts ${source}`);
      }
      // The image runs the compiled JavaScript of each TypeScript entry point.
      for (const file of ours.includes(name as never) ? (service.command ?? []) : []) {
        const source = file.replace(/\.js$/, '.ts');
        if (!existsSync(resolve(repoRoot, source))) missing.push(`${name} runs ${file} (no ${source})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('mounts and declares every secret a *_FILE variable points at, and holds no secret values', () => {
    const problems: string[] = [];
    for (const [name, service] of Object.entries(stack.services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (key.endsWith('_FILE') || key.endsWith('__FILE')) {
          const secret = /^\/run\/secrets\/([\w-]+)$/.exec(value)?.[1];
          if (!secret) problems.push(`${name}.${key} is not a /run/secrets path`);
          else if (!secretNames(service).includes(secret)) problems.push(`${name}.${key}: ${secret} not mounted`);
          else if (!stack.secrets[secret]?.external) problems.push(`${name}.${key}: ${secret} not declared external`);
        } else if (/PASSWORD|TOKEN|SECRET|WEBHOOK_URL|SMTP_URL/.test(key)) {
          problems.push(`${name}.${key} carries a secret inline; use ${key}_FILE`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('declares exactly the secrets create-secrets.sh makes: generated, derived or given (generate-secrets.sh)', () => {
    const made = Object.values(secretLists()).flat();
    expect(Object.keys(stack.secrets).sort()).toEqual([...made].sort());
    expect(new Set(made).size).toBe(made.length);
  });

  it("encrypts Grafana's database secrets under a generated key of its own, not Grafana's public default", () => {
    const grafana = stack.services.grafana!;
    expect(grafana.environment?.GF_SECURITY_SECRET_KEY__FILE).toBe('/run/secrets/grafana_secret_key');
    expect(secretNames(grafana)).toContain('grafana_secret_key');
    expect(stack.secrets.grafana_secret_key).toEqual({ external: true, name: 'grafana_secret_key' });
    // Generated (a random value), never one that must come from outside.
    expect(secretLists().passwords).toContain('grafana_secret_key');
  });

  it('mounts every secret that a config file it is given reads (/run/secrets/...)', () => {
    const problems: string[] = [];
    for (const [name, service] of Object.entries(stack.services)) {
      for (const { source } of service.configs ?? []) {
        const file = stack.configs[source]?.file;
        // The rules bundle is made by deploy.sh from the generated rules, which read no secret.
        if (!file || source === 'prometheus_rules') continue;
        for (const [, secret] of readFileSync(resolve(stackDir, file), 'utf8').matchAll(/\/run\/secrets\/([\w-]+)/g)) {
          if (!secretNames(service).includes(secret!)) problems.push(`${name}: ${file} reads ${secret}, not mounted`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(ours)('gives %s an environment its own configuration loader accepts', (name) => {
    const service = stack.services[name]!;
    const env: Env = {};
    for (const [key, value] of Object.entries(service.environment ?? {})) {
      const secret = /^\/run\/secrets\/([\w-]+)$/.exec(value)?.[1];
      if (!secret) {
        env[key] = value;
        continue;
      }
      // Stand-in secret values of the right shape, written where the service will read them.
      const file = join(secretDir, `${name}-${secret}`);
      writeFileSync(file, sampleSecret(secret));
      env[key] = file;
    }
    expect(() => loaders[name](env)).not.toThrow();
  });

  it('lets Prometheus find each of our services on the port it listens on', () => {
    for (const job of scrapeJobs.filter((j) => ours.includes(j.service as never))) {
      const env = stack.services[job.service]?.environment ?? {};
      expect(Number(env.PORT ?? env.NOTIFIER_PORT), job.service).toBe(job.port);
    }
    // A name each service answers to: its own, or an alias (both Prometheus replicas are `prometheus`).
    const aliases = Object.values(stack.services).flatMap((s) =>
      Array.isArray(s.networks) ? [] : Object.values(s.networks ?? {}).flatMap((n) => (n as { aliases?: string[] }).aliases ?? []),
    );
    for (const job of scrapeJobs) expect([...Object.keys(stack.services), ...aliases], job.job).toContain(job.service);
  });

  it('pins third-party images and rolls our services back on a failed update', () => {
    for (const [name, service] of Object.entries(stack.services)) {
      if (builtHere.includes(name)) {
        expect(service.deploy?.update_config?.failure_action, name).toBe('rollback');
      } else {
        expect(service.image, name).toMatch(/:[\w.-]+$/);
        expect(service.image, name).not.toMatch(/:latest$/);
      }
    }
    expect(stack.services.api!.healthcheck).toBeDefined();
  });

  it('defines the blue and green API colours as the api service but for image and replicas (0 unless blue-green)', () => {
    const { image: _image, deploy, ...api } = stack.services.api!;
    for (const colour of apiColours) {
      const { image, deploy: colourDeploy, ...rest } = stack.services[colour]!;
      expect(rest, colour).toEqual(api);
      expect({ ...colourDeploy, replicas: undefined }, colour).toEqual({ ...deploy, replicas: undefined });
      expect(String(colourDeploy?.replicas), colour).toBe('0');
      expect(image, colour).toMatch(/^porttrack:/);
    }
  });

  it('finds every service by DNS round robin (no VIP: it needs IPVS) and names every config by its content hash', () => {
    const vip = Object.entries(stack.services).filter(([, s]) => s.deploy?.endpoint_mode !== 'dnsrr');
    expect(vip.map(([name]) => name)).toEqual([]);
    // In the file as written (before defaults are substituted): every name ends in ${<X>_HASH:-unset}.
    const raw = readFileSync(join(stackDir, 'docker-stack.yml'), 'utf8');
    const hashed = [...raw.matchAll(/^ {2}(\w+):\n {4}name: "\$\{PORTTRACK_STACK:-porttrack\}_\w+_\$\{[A-Z_]+_HASH:-unset\}"$/gm)].map((m) => m[1]);
    expect(hashed.sort()).toEqual(Object.keys(stack.configs).sort());
  });

  it('has deploy.sh compute and export every *_HASH a config name reads (else it stays "unset")', () => {
    const raw = readFileSync(join(stackDir, 'docker-stack.yml'), 'utf8');
    const deploy = readFileSync(join(stackDir, 'scripts/deploy.sh'), 'utf8');
    const exported = deploy.match(/^export ([A-Z_ \\\n]+_HASH)\b/m)?.[1] ?? '';
    const missing = [...new Set([...raw.matchAll(/\$\{([A-Z_]+_HASH):-unset\}/g)].map((m) => m[1]!))].filter(
      (v) => !new RegExp(`^${v}=\\$\\(content_hash `, 'm').test(deploy) || !exported.split(/[\s\\]+/).includes(v),
    );
    expect(missing).toEqual([]);
  });

  it('checks the health of every service whose image has a way to be checked; liveness only for the API', () => {
    const unchecked = Object.entries(stack.services).filter(([, s]) => !s.healthcheck).map(([name]) => name);
    // Promtail's image has no HTTP client; cAdvisor's image brings its own HEALTHCHECK.
    expect(unchecked.sort()).toEqual(['cadvisor', 'promtail']);
    expect(JSON.stringify(stack.services.api!.healthcheck)).toContain('/healthz');
  });

  it('segments the networks: on edge only nginx and the prober, nginx off data and monitoring; PostgreSQL and Redis on data only', () => {
    const on = (network: string) => Object.entries(stack.services).filter(([, s]) => networkNames(s).includes(network)).map(([n]) => n);
    // The blackbox exporter reaches the public endpoint as a user does, and is scraped on monitoring.
    expect(on('edge').sort()).toEqual(['blackbox-exporter', 'nginx']);
    expect(networkNames(stack.services['blackbox-exporter']!).sort()).toEqual(['edge', 'monitoring']);
    expect(networkNames(stack.services.nginx!).sort()).toEqual(['app', 'edge']);
    expect(networkNames(stack.services.postgres!)).toEqual(['data']);
    expect(networkNames(stack.services.redis!)).toEqual(['data']);
    expect(networkNames(stack.services.api!).sort()).toEqual(['app', 'data', 'monitoring']);
  });

  it('asks a password of every Redis client: an ACL file on the server, the password file to the API and the exporter', () => {
    const redis = stack.services.redis!;
    expect(redis.command).not.toContain('--protected-mode');
    expect(redis.command?.slice(0, 3)).toEqual(['redis-server', '--aclfile', '/run/secrets/redis_acl']);
    expect(secretNames(redis).sort()).toEqual(['redis_acl', 'redis_password']);
    for (const name of ['api', ...apiColours]) {
      expect(stack.services[name]!.environment?.REDIS_URL, name).toBeUndefined();
      expect(stack.services[name]!.environment?.REDIS_URL_FILE, name).toBe('/run/secrets/api_redis_url');
    }
    expect(stack.services['redis-exporter']!.environment?.REDIS_PASSWORD_FILE).toBe(
      '/run/secrets/redis_exporter_passwords',
    );
    // No other service speaks to Redis.
    const clients = Object.entries(stack.services)
      .filter(([, s]) => JSON.stringify(s.environment ?? {}).includes('redis'))
      .map(([n]) => n);
    expect(clients.sort()).toEqual(['api', ...apiColours, 'redis-exporter'].sort());
  });

  it("renders prometheus.yml as a Swarm template whose only actions read the Prometheus service's environment", () => {
    const raw = readFileSync(join(stackDir, 'prometheus/prometheus.yml'), 'utf8');
    expect(stack.configs.prometheus_yml!.template_driver).toBe('golang');
    expect(unsupportedActions(raw)).toEqual([]);
    const variables = templateVariables(raw);
    expect(variables).toEqual([
      'PORTTRACK_BLACKBOX_MODULE',
      'PORTTRACK_BLACKBOX_TARGET',
      'PORTTRACK_CLUSTER',
      'PROMETHEUS_REPLICA',
      'RUNBOOK_BASE_URL',
    ]);
    const env = stack.services['prometheus-a']!.environment ?? {};
    for (const name of variables) expect(env[name], name).toBeTruthy();
    // The default module is one blackbox.yml defines; the rendered file passes promtool.
    const modules = (load(readFileSync(join(stackDir, 'blackbox/blackbox.yml'), 'utf8')) as { modules: object }).modules;
    expect(Object.keys(modules)).toContain(env.PORTTRACK_BLACKBOX_MODULE);
    const rendered = renderSwarmTemplate(raw, env);
    expect(checkRendered('promtool', ['check', 'config', '--syntax-only'], 'prometheus.yml', rendered)).toContain('SUCCESS');
    expect(rendered).toContain(`replacement: '${env.PORTTRACK_BLACKBOX_TARGET}'`);
    expect(rendered).toContain(`runbook_base_url: '${env.RUNBOOK_BASE_URL}'`);
  });

  it("renders alertmanager.yml as a Swarm template from the Alertmanager service's environment, valid with its defaults", () => {
    const raw = readFileSync(join(stackDir, 'alertmanager/alertmanager.yml'), 'utf8');
    expect(stack.configs.alertmanager_yml!.template_driver).toBe('golang');
    expect(unsupportedActions(raw)).toEqual([]);
    const env = stack.services.alertmanager!.environment ?? {};
    expect(Object.keys(env).sort()).toEqual(templateVariables(raw));
    // The heartbeat is off unless deploy.env gives it a URL; the rest has placeholders.
    expect(env.ALERTMANAGER_HEARTBEAT_URL ?? '').toBe('');
    const rendered = renderSwarmTemplate(raw, env);
    expect(checkRendered('amtool', ['check-config'], 'alertmanager.yml', rendered)).toContain('SUCCESS');
    expect(rendered).toContain(`smtp_smarthost: '${env.ALERTMANAGER_SMTP_SMARTHOST}'`);
  });

  it('runs every service read-only with all capabilities dropped but the few it names', () => {
    expect(hardeningProblems('stack/docker-stack.yml', stack.services as never, 'stack')).toEqual([]);
    // What each writes has a place: nginx its pid and temp files (tmpfs), PostgreSQL its socket (a
    // volume of its own, which is postgres's: a Swarm tmpfs is root's).
    const mounts = (name: string, type: string) =>
      (stack.services[name]!.volumes ?? []).flatMap((v) => (typeof v === 'object' && v.type === type ? [v.target] : []));
    expect(mounts('nginx', 'tmpfs')).toEqual(expect.arrayContaining(['/run', '/var/cache/nginx', '/var/lib/nginx']));
    expect(mounts('postgres', 'volume')).toContain('/var/run/postgresql');
    // Started as their own users: their entry points then need no capability to change owners.
    expect(stack.services.postgres!.user).toBe('postgres');
    expect(stack.services.redis!.user).toBe('redis');
  });

  it("gets no-new-privileges from each node's Docker daemon (docker stack deploy ignores security_opt)", () => {
    const vmSetup = readFileSync(join(stackDir, 'scripts/vm-setup.sh'), 'utf8');
    expect(daemonJson(vmSetup)['no-new-privileges']).toBe(true);
  });

  it('checks Prometheus and Alertmanager without their password on a command line', () => {
    for (const name of ['prometheus-a', 'prometheus-b', 'alertmanager']) {
      const test = (stack.services[name]!.healthcheck as { test: string[] }).test.join(' ');
      expect(secretArgumentsIn(name, test), name).toEqual([]);
      expect(test, name).not.toContain('/run/secrets');
    }
  });

  it('updates nginx stop-first (it holds host ports) and our services start-first', () => {
    expect(stack.services.nginx!.deploy?.update_config?.order).toBe('stop-first');
    for (const name of ours) expect(stack.services[name]!.deploy?.update_config?.order, name).toBe('start-first');
  });
});

describe('stack/docker-stack.yml, the highly available layout (runbooks/SCALING.md)', () => {
  const a = stack.services['prometheus-a']!;
  const b = stack.services['prometheus-b']!;

  it('runs the Prometheus pair from one definition: only the replica label, volume and placement differ', () => {
    const { environment: envA, volumes: volA, deploy: deployA, ...restA } = a;
    const { environment: envB, volumes: volB, deploy: deployB, ...restB } = b;
    expect(restA).toEqual(restB);
    expect({ ...envA, PROMETHEUS_REPLICA: 'b' }).toEqual(envB);
    expect([envA?.PROMETHEUS_REPLICA, envB?.PROMETHEUS_REPLICA]).toEqual(['a', 'b']);
    expect(volA).toEqual(['prometheus-data:/prometheus']);
    expect(volB).toEqual(['prometheus-b-data:/prometheus']);
    // Never on the same node: b only on the node labelled b, a anywhere else (a manager).
    expect(deployA?.placement?.constraints).toContain('node.labels.porttrack.prometheus != b');
    expect(deployB?.placement?.constraints).toEqual(['node.labels.porttrack.prometheus == b']);
    // The single layout (the defaults): prometheus-b has no task.
    expect(String(deployB?.replicas)).toBe('0');
    // The backup snapshots the Prometheus whose volume it mounts.
    expect(stack.services.backup!.environment?.PROMETHEUS_URL).toBe('http://prometheus-a:9090');
  });

  it('clusters Alertmanager over its own network, one task per node, found through tasks.alertmanager', () => {
    const am = stack.services.alertmanager!;
    expect(am.deploy?.placement?.max_replicas_per_node).toBe(1);
    expect(String(am.deploy?.replicas)).toBe('1');
    expect(am.deploy?.endpoint_mode).toBe('dnsrr');
    expect(networkNames(am)).toContain('alertmanager-gossip');
    // The subnet the entry point looks for its address in is the gossip network's.
    const subnet = stack.networks['alertmanager-gossip']?.ipam?.config?.[0]?.subnet;
    expect(subnet).toMatch(/^\d+\.\d+\.\d+\.0\/24$/);
    expect(am.entrypoint).toEqual(['/bin/sh', '/etc/alertmanager/cluster-entrypoint.sh', subnet]);
    const script = readFileSync(join(stackDir, 'alertmanager/cluster-entrypoint.sh'), 'utf8');
    expect(script).toContain('--cluster.peer=tasks.alertmanager:9094');
    expect(script).toContain('--cluster.advertise-address=');
    // Every Prometheus sends to each Alertmanager task, never to one balanced address.
    const prometheusYml = readFileSync(join(stackDir, 'prometheus/prometheus.yml'), 'utf8');
    expect(prometheusYml).toMatch(/alertmanagers:[\s\S]*?names:\n\s+- tasks\.alertmanager\n/);
  });
});

/**
 * Why `docker stack config` cannot render the stack here, or undefined when it can: it needs a
 * docker CLI of 23.0 or later (Debian bookworm's docker.io client, 20.10, has no `stack config`).
 */
function renderingUnavailable(): string | undefined {
  const version = spawnSync('docker', ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) return 'no docker CLI on this machine';
  // An older CLI answers `stack config --help` with the `docker stack` usage (and exit 0).
  const help = spawnSync('docker', ['stack', 'config', '--help'], { encoding: 'utf8' });
  if (!help.stdout.includes('docker stack config'))
    return `${version.stdout.trim()} has no "docker stack config" (Docker 23 or later)`;
  return undefined;
}

/** Runs a checker (promtool, amtool) on a rendered config written to a scratch folder; its output. */
function checkRendered(tool: string, args: string[], name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'porttrack-stack-config-'));
  try {
    writeFileSync(join(dir, name), content);
    return execFileSync(tool, [...args, join(dir, name)], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** generate-secrets.sh's three lists: generated passwords, values derived from them, values given. */
function secretLists(): Record<'passwords' | 'derived' | 'external', string[]> {
  const list = (name: string) =>
    execFileSync('bash', ['-c', `. "$1" && echo "\${${name}[@]}"`, 'lists', join(stackDir, 'scripts/generate-secrets.sh')], {
      encoding: 'utf8',
    })
      .trim()
      .split(' ');
  return { passwords: list('secret_passwords'), derived: list('secret_derived'), external: list('secret_external') };
}

/** `docker stack config` of the stack file with these variables. */
function render(env: Record<string, string>): string {
  return execFileSync('docker', ['stack', 'config', '-c', join(stackDir, 'docker-stack.yml')], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

function sampleSecret(name: string): string {
  if (name.endsWith('database_url')) return 'postgres://porttrack:s3cret-value@postgres:5432/porttrack';
  if (name.endsWith('redis_url')) return 'redis://:s3cret-value@redis:6379';
  if (name === 'smtp_url') return 'smtp://alerts:s3cret@smtp.example.com:587';
  if (name.startsWith('slack_webhook')) return 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';
  // Distinct per secret, as generate-secrets.sh makes them (the notifier refuses shared tokens).
  return `a-long-random-secret-value-0123456789abcdef-${name}`;
}
