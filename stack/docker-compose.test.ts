import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig as loadApiConfig } from '../api/config.ts';
import type { Env } from '../lib/config/env.ts';
import { staleFiles } from '../lib/generated.ts';
import { loadExporterConfig } from '../exporters/config.ts';
import { loadConfig as loadNotifierConfig } from '../notifier/config.ts';
import { composePrometheusFiles } from '../scrape/compose.ts';
import { scrapeJobs } from '../scrape/jobs.ts';
import { hardeningProblems } from '../scripts/ops-checks/container-hardening.ts';

// The dev compose file, checked without Docker; tests/swarm/compose.test.ts runs it for real.

interface ComposeService {
  image: string;
  build?: { context: string; args?: Record<string, string> };
  profiles?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
}

const stackDir = resolve(import.meta.dirname);
const raw = (file: string) => readFileSync(join(stackDir, file), 'utf8');
const parse = <T>(text: string) => load(text, { schema: CORE_SCHEMA.withTags(mergeTag) }) as T;
// ${VAR:-default} read with its default, as compose does with VAR unset.
const withDefaults = (text: string) => text.replace(/\$\{\w+:-([^}]*)\}/g, '$1');
const compose = parse<{ services: Record<string, ComposeService> }>(withDefaults(raw('docker-compose.yml')));
const stack = parse<{ services: Record<string, ComposeService> }>(withDefaults(raw('docker-stack.yml')));

const ours = { api: loadApiConfig, exporters: loadExporterConfig, notifier: loadNotifierConfig } as const;
const secretsDir = mkdtempSync(join(tmpdir(), 'porttrack-compose-secrets-'));
// The secrets as the dev-secrets service makes them: by the same script.
execFileSync('bash', [join(stackDir, 'scripts/generate-secrets.sh'), secretsDir]);
afterAll(() => rmSync(secretsDir, { recursive: true, force: true }));

describe('stack/docker-compose.yml', () => {
  it('takes every third-party image from the same variable, with the same official default, as the stack', () => {
    const imageVars = (text: string) =>
      Object.fromEntries([...text.matchAll(/^\s+image: \$\{(\w+_IMAGE):-([^}]+)\}$/gm)].map((m) => [m[1], m[2]]));
    const inCompose = imageVars(raw('docker-compose.yml'));
    const inStack = imageVars(raw('docker-stack.yml'));
    expect(Object.keys(inCompose).length).toBeGreaterThanOrEqual(6);
    // The stack's PostgreSQL is our image with pgBackRest, built FROM the official one: the same
    // default, as its Dockerfile's argument.
    const postgresBase = /^ARG POSTGRES_IMAGE=(.+)$/m.exec(raw('images/postgres/Dockerfile'))?.[1];
    for (const [name, image] of Object.entries(inCompose))
      expect(name === 'POSTGRES_IMAGE' ? postgresBase : inStack[name], name).toBe(image);
    // Every service is either one of ours (built from ../Dockerfile) or one of those variables.
    for (const [name, service] of Object.entries(compose.services)) {
      if (name in ours) {
        expect(service.image, name).toBe('porttrack:dev');
        expect(service.build, name).toEqual({ context: '..', args: { NODE_IMAGE: 'node:24-bookworm-slim' } });
      } else {
        expect(Object.values(inCompose), name).toContain(service.image);
      }
    }
  });

  it('runs PostgreSQL, Redis and the API by default and the rest under the profile monitoring', () => {
    const byProfile = (has: boolean) =>
      Object.entries(compose.services)
        .filter(([, s]) => (s.profiles ?? []).includes('monitoring') === has)
        .map(([name]) => name)
        .sort();
    expect(byProfile(false)).toEqual(['api', 'dev-secrets', 'postgres', 'redis']);
    expect(byProfile(true)).toEqual(
      ['alertmanager', 'exporters', 'grafana', 'notifier', 'postgres-exporter', 'prometheus', 'redis-exporter'].sort(),
    );
  });

  it('runs every service read-only, with all capabilities dropped and no-new-privileges', () => {
    expect(hardeningProblems('stack/docker-compose.yml', compose.services as never, 'compose')).toEqual([]);
  });

  it('publishes ports on 127.0.0.1 only', () => {
    const ports = Object.values(compose.services).flatMap((s) => s.ports ?? []);
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });

  it('holds no secret: each is a generated file under /run/secrets, on the dev-secrets volume', () => {
    const problems: string[] = [];
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (/_FILE$/.test(key)) {
          const secret = /^\/run\/secrets\/(\w+)$/.exec(value)?.[1];
          if (!secret) problems.push(`${name}.${key} is not a /run/secrets path`);
          else if (!readFileSync(join(secretsDir, secret), 'utf8').trim()) problems.push(`${name}.${key}: ${secret} not generated`);
          if (!(service.volumes ?? []).includes('dev-secrets:/run/secrets:ro')) problems.push(`${name} does not mount dev-secrets`);
        } else if (/PASSWORD|TOKEN|SECRET/.test(key) && value !== '') {
          problems.push(`${name}.${key} carries a secret inline`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(Object.keys(ours) as Array<keyof typeof ours>)(
    'gives %s an environment its configuration loader accepts, with the generated secrets',
    (name) => {
      const env: Env = {};
      for (const [key, value] of Object.entries(compose.services[name]!.environment ?? {}))
        env[key] = value.replace(/^\/run\/secrets\//, `${secretsDir}/`);
      expect(() => ours[name](env)).not.toThrow();
    },
  );

  it("encrypts grafana.db's secrets under the generated key, as the stack does, not Grafana's public default", () => {
    const key = compose.services.grafana!.environment?.GF_SECURITY_SECRET_KEY__FILE;
    expect(key).toBe('/run/secrets/grafana_secret_key');
    expect(key).toBe(stack.services.grafana!.environment?.GF_SECURITY_SECRET_KEY__FILE);
    expect(readFileSync(join(secretsDir, 'grafana_secret_key'), 'utf8')).toMatch(/^[0-9a-f]{48}\n$/);
  });

  it("runs Redis with the stack's password: the same command, and the password to each client", () => {
    const command = (name: string, of: { services: Record<string, ComposeService> }) =>
      (of.services[name] as { command?: string[] }).command;
    expect(command('redis', compose)).toEqual(command('redis', stack));
    expect(compose.services.api!.environment?.REDIS_URL_FILE).toBe('/run/secrets/api_redis_url');
    expect(compose.services['redis-exporter']!.environment?.REDIS_PASSWORD_FILE).toBe(
      '/run/secrets/redis_exporter_passwords',
    );
    for (const name of ['redis', 'redis-exporter']) expect(compose.services[name]!.volumes).toContain('dev-secrets:/run/secrets:ro');
  });

  it("listens on the ports the generated Prometheus config scrapes, with the stack's commands", () => {
    for (const job of scrapeJobs.filter((j) => j.service in ours)) {
      const env = compose.services[job.service]!.environment ?? {};
      expect(Number(env.PORT ?? env.NOTIFIER_PORT), job.service).toBe(job.port);
      expect((compose.services[job.service] as { command?: string[] }).command, job.service).toEqual(
        (stack.services[job.service] as { command?: string[] }).command,
      );
    }
  });

  it('has a fresh prometheus.compose.yml (run `npm run generate` when this fails) that promtool accepts', async () => {
    expect(await staleFiles(composePrometheusFiles())).toEqual([]);
    const out = execFileSync('promtool', ['check', 'config', '--syntax-only', join(stackDir, 'prometheus/prometheus.compose.yml')], {
      encoding: 'utf8',
    });
    expect(out).toContain('SUCCESS');
    const jobs = [...raw('prometheus/prometheus.compose.yml').matchAll(/job_name: (\S+)/g)].map((m) => m[1]);
    const expected = scrapeJobs.filter((j) => j.service in compose.services).map((j) => j.job);
    expect(jobs).toEqual(expected);
    expect(jobs).toContain('porttrack-api');
  });
});
