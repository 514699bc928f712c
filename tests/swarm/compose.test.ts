// `npm run test:swarm` (alone: `npm run test:compose`): the development compose file brought up
// for real with the compose CLI this machine has, on the local stand-in images, under its own
// project name and on high ports of 127.0.0.1, then removed with everything it made.
// Grafana is left out: no Grafana image or Debian package can be had here (the unit test
// stack/docker-compose.test.ts checks what it is given).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../lib/testing/wait.ts';
import { ComposeProject, leftovers } from './compose-project.ts';
import { busyPorts } from '../../lib/net/free-port.ts';
import { type DockerHost, docker, ensureDockerEngine, run } from '../../local-swarm/docker-host.ts';
import { localImages, nodeImage } from '../../local-swarm/images.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const workDir = mkdtempSync(join(tmpdir(), 'porttrack-compose-'));
const log = (line: string) => console.error(`[compose ${new Date().toISOString().slice(11, 19)}] ${line}`);
// Below Linux's ephemeral range (32768-60999): a client socket the kernel gave one of these ports
// makes docker-proxy fail to bind it ("Host is already in use", seen once in CI at 47000).
const base = Number(process.env.COMPOSE_TEST_PORT_BASE ?? 26000);
const ports = {
  api: base + 80,
  postgres: base + 432,
  redis: base + 379,
  prometheus: base + 90,
  alertmanager: base + 93,
  grafana: base + 30,
};
const left = ['grafana'];

/** The sockets on these ports, for the error that says they are taken (set COMPOSE_TEST_PORT_BASE). */
function holders(busy: number[]): string {
  try {
    const lines = run('ss', ['-tanp']).split('\n');
    return lines.filter((line) => busy.some((port) => line.includes(`:${port} `))).join('\n');
  } catch (error) {
    return `(ss failed: ${String(error)})`;
  }
}

let host: DockerHost | undefined;
let project: ComposeProject;

// Every request bounded, so that a busy container cannot stall a wait past its deadline (a
// login hashes with scrypt: seconds on a loaded 2-core machine).
const api = (path: string, init?: RequestInit) =>
  fetch(`http://127.0.0.1:${ports.api}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
const prometheus = async <T>(path: string): Promise<T> => {
  const res = await fetch(`http://127.0.0.1:${ports.prometheus}/api/v1/${path}`, {
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`prometheus ${path}: ${res.status}`);
  return ((await res.json()) as { data: T }).data;
};
/** Never throws: a refused connection while a container starts is just "not yet". */
const attempt = async <T>(probe: () => Promise<T>) => probe().catch(() => undefined);
const timed = async <T>(what: string, body: () => Promise<T> | T) => {
  const started = performance.now();
  const value = await body();
  log(`${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return value;
};

beforeAll(async () => {
  host = await ensureDockerEngine(log);
  const images = localImages(repoRoot, workDir, log);
  project = new ComposeProject(repoRoot, process.env.COMPOSE_TEST_PROJECT ?? 'ptcompose', {
    ...images.standinEnv,
    NODE_IMAGE: nodeImage,
    // One tag, rebuilt each run on the layer cache.
    PORTTRACK_VERSION: 'compose-test',
    PORTTRACK_DEV_API_PORT: String(ports.api),
    PORTTRACK_DEV_POSTGRES_PORT: String(ports.postgres),
    PORTTRACK_DEV_REDIS_PORT: String(ports.redis),
    PORTTRACK_DEV_PROMETHEUS_PORT: String(ports.prometheus),
    PORTTRACK_DEV_ALERTMANAGER_PORT: String(ports.alertmanager),
    PORTTRACK_DEV_GRAFANA_PORT: String(ports.grafana),
  });
  log(`compose CLI: ${project.cli.command.join(' ')} ${project.cli.version}; project ${project.name}`);
  project.down(); // leftovers of an aborted run
  const busy = await busyPorts(Object.values(ports));
  if (busy.length > 0) throw new Error(`ports of 127.0.0.1 taken: ${busy.join(', ')}\n${holders(busy)}`);
}, 30 * 60_000);

afterAll(async () => {
  try {
    project?.down();
  } finally {
    await host?.release();
    rmSync(workDir, { recursive: true, force: true });
  }
}, 2 * 60_000);

describe('stack/docker-compose.yml for development', () => {
  it(
    'builds our image from ../Dockerfile on the local Node 24 base',
    async () => {
      await timed('build', () => project.run(['build', 'api']));
      // The Dockerfile's runtime stage: non-root, node as the entry point, the API by default.
      const image = docker(
        'image',
        'inspect',
        'porttrack:compose-test',
        '--format',
        '{{.Config.User}} {{json .Config.Entrypoint}} {{json .Config.Cmd}}',
      );
      expect(image).toBe('node ["node"] ["api/main.js"]');
    },
    10 * 60_000,
  );

  it(
    'up without a profile runs PostgreSQL, Redis and the API only, published on 127.0.0.1; /readyz answers',
    async () => {
      await timed('up (core)', () => project.run(['up', '-d']));
      const ready = await timed('readyz', () =>
        waitFor(
          () =>
            attempt(async () => {
              const res = await api('/readyz');
              return res.status === 200 ? res.json() : undefined;
            }),
          '/readyz 200',
          120_000,
          1000,
        ),
      );
      expect(ready).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok' } });
      expect(project.running()).toEqual(['api', 'postgres', 'redis']);
      // The one-shot that generated the secrets finished cleanly.
      expect(project.run(['ps', '-a', 'dev-secrets'])).toMatch(/Exit 0|exited \(0\)/i);
      expect(project.run(['port', 'api', '3000'])).toBe(`127.0.0.1:${ports.api}`);
    },
    5 * 60_000,
  );

  it('logs in with the generated admin password and reads the seeded demo port through the published port', async () => {
    const password = project.run(['exec', '-T', 'api', 'cat', '/run/secrets/api_admin_password']);
    expect(password).toMatch(/^[0-9a-f]{48}$/);
    const login = (pw: string) =>
      api('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@porttrack.example', password: pw }),
      });
    expect((await login(`${password}-wrong`)).status).toBe(401);
    const ok = await login(password);
    expect(ok.status).toBe(200);
    const { token } = (await ok.json()) as { token: string };
    const list = await api('/api/v1/vessels?limit=5', { headers: { authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);
    const page = (await list.json()) as { items: unknown[]; total: number };
    expect(page.items.length).toBe(5);
    expect(page.total).toBeGreaterThan(5);
    expect((await api('/api/v1/vessels?limit=5')).status).toBe(401);
  });

  it(
    `--profile monitoring (${left.join(', ')} left out: no image here): Prometheus scrapes the API and every target is up`,
    async () => {
      const services = project
        .run(['config', '--services'], { monitoring: true })
        .split('\n')
        .filter((s) => s && !left.includes(s));
      log(`monitoring profile without ${left.join(', ')}: up ${services.join(' ')}`);
      await timed('up (monitoring)', () => project.run(['up', '-d', ...services], { monitoring: true }));
      type Target = { labels: { job: string }; health: string; lastError: string };
      const expectedJobs = [
        ...readFileSync(join(repoRoot, 'stack/prometheus/prometheus.compose.yml'), 'utf8').matchAll(
          /job_name: (\S+)/g,
        ),
      ]
        .map((m) => m[1])
        .sort();
      const targets = await timed('every target up', () =>
        waitFor(
          async () => {
            const active =
              (await attempt(() => prometheus<{ activeTargets: Target[] }>('targets?state=active')))
                ?.activeTargets ?? [];
            const jobs = active.map((t) => t.labels.job).sort();
            return jobs.join() === expectedJobs.join() && active.every((t) => t.health === 'up') && active;
          },
          `every job of prometheus.compose.yml up (${expectedJobs.join(', ')})`,
          120_000,
          2000,
        ),
      );
      expect(targets.find((t) => t.labels.job === 'porttrack-api')?.health).toBe('up');
      // Up is the scrape; these say the exporters reach PostgreSQL (as porttrack_monitor) and Redis.
      for (const metric of ['pg_up', 'redis_up']) {
        const result = await prometheus<{ result: Array<{ value: [number, string] }> }>(
          `query?query=${metric}`,
        );
        expect(
          result.result.map((r) => r.value[1]),
          metric,
        ).toEqual(['1']);
      }
    },
    5 * 60_000,
  );

  it(
    'loads every generated rule group from stack/prometheus/rules, all evaluating',
    async () => {
      const files = readdirSync(join(repoRoot, 'stack/prometheus/rules')).filter((f) =>
        f.endsWith('.rules.yml'),
      );
      const expected = files
        .flatMap((f) =>
          [
            ...readFileSync(join(repoRoot, 'stack/prometheus/rules', f), 'utf8').matchAll(
              /^ {2}- name: (\S+)/gm,
            ),
          ].map((m) => m[1]),
        )
        .sort();
      type Group = { name: string; rules: Array<{ name: string; health: string; lastEvaluation: string }> };
      const groups = await waitFor(
        async () => {
          const g = (await prometheus<{ groups: Group[] }>('rules')).groups;
          // Every rule evaluated at least once (Prometheus reports 0001-01-01 before the first).
          return g.every((x) => x.rules.every((r) => !r.lastEvaluation.startsWith('0001'))) && g;
        },
        'every rule evaluated once',
        60_000,
        1000,
      );
      expect(groups.map((g) => g.name).sort()).toEqual(expected);
      expect(
        groups.flatMap((g) => g.rules.filter((r) => r.health !== 'ok').map((r) => `${g.name}/${r.name}`)),
      ).toEqual([]);
    },
    2 * 60_000,
  );

  it(
    'Alertmanager delivers the Watchdog heartbeat to the notifier with the generated webhook token',
    async () => {
      const received = await timed('watchdog at the notifier', () =>
        waitFor(
          async () => {
            const r = await prometheus<{ result: Array<{ value: [number, string] }> }>(
              'query?query=' + encodeURIComponent('porttrack_notifier_received_total{receiver="deadman"}'),
            );
            const n = Number(r.result[0]?.value[1] ?? 0);
            return n >= 1 && n;
          },
          'the notifier counting a deadman notification',
          120_000,
          2000,
        ),
      );
      expect(received).toBeGreaterThanOrEqual(1);
    },
    3 * 60_000,
  );

  it(
    'down -v removes every container, volume and network of the project',
    async () => {
      await timed('down', () => project.down());
      expect(leftovers(project.name)).toEqual({ containers: [], volumes: [], networks: [] });
    },
    2 * 60_000,
  );
});
