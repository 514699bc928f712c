import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningAlertmanager, startAlertmanager } from './alertmanager.ts';
import { activeAlerts, activeTargets, instantQuery } from './prometheus-api.ts';
import { type RunningPrometheus, startPrometheus } from './prometheus.ts';
import { scrapeJobs } from '../scrape/jobs.ts';
import { staleFiles } from '../lib/generated.ts';
import { stackPrometheusFiles } from '../scrape/stack.ts';
import { waitFor } from './wait.ts';

const run = promisify(execFile);
const job = (key: string) => scrapeJobs.find((j) => j.key === key)!;

const alwaysFiring = `groups:
  - name: smoke
    rules:
      - alert: LocalStackSmoke
        expr: vector(1)
        labels: { severity: info }
        annotations: { summary: Smoke. }
`;

describe('local stack: real Prometheus and Alertmanager as child processes', () => {
  let dir: string;
  let prometheus: RunningPrometheus;
  let alertmanager: RunningAlertmanager;
  let hook: Server;
  const received: Array<{ status: string; alerts: Array<{ labels: Record<string, string> }> }> = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'porttrack-local-stack-'));
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const hookPort = (hook.address() as { port: number }).port;
    alertmanager = await startAlertmanager({
      dir: join(dir, 'am'),
      config: `route: { receiver: hook, group_wait: 1s, group_interval: 1s, repeat_interval: 1h }
receivers:
  - name: hook
    webhook_configs: [{ url: 'http://127.0.0.1:${hookPort}/', send_resolved: true }]
`,
    });
    prometheus = await startPrometheus({
      dir: join(dir, 'prom'),
      scrapeIntervalSeconds: 1,
      evaluationIntervalSeconds: 1,
      rules: [{ name: 'smoke.rules.yml', content: alwaysFiring }],
      jobs: [
        { job: job('alertmanager'), targets: [`127.0.0.1:${alertmanager.port}`] },
        { job: job('prometheus'), targets: ['127.0.0.1:1'] },
      ],
      alertmanager: `127.0.0.1:${alertmanager.port}`,
      resendDelaySeconds: 1,
    });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await alertmanager?.stop();
    await new Promise((resolve) => hook?.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('scrapes the shared job names and reports a dead target as down', async () => {
    const targets = await waitFor(
      async () => {
        const all = await activeTargets(prometheus.url);
        return all.length === 2 && all.every((t) => t.health !== 'unknown') ? all : undefined;
      },
      { what: 'targets scraped', timeoutMs: 10_000 },
    );
    const health = Object.fromEntries(targets.map((t) => [t.labels.job, t.health]));
    expect(health).toEqual({ alertmanager: 'up', prometheus: 'down' });
    const up = await instantQuery(prometheus.url, 'up{job="alertmanager"}');
    expect(up[0]?.value[1]).toBe('1');
  });

  it('evaluates rule files and delivers the alert through Alertmanager to a webhook', async () => {
    const alerts = await waitFor(
      async () => {
        const firing = await activeAlerts(prometheus.url);
        return firing.length ? firing : undefined;
      },
      { what: 'alert active in Prometheus', timeoutMs: 10_000 },
    );
    expect(alerts.map((a) => a.labels.alertname)).toEqual(['LocalStackSmoke']);
    const note = await waitFor(async () => received.find((n) => n.status === 'firing'), {
      what: 'webhook notification',
      timeoutMs: 15_000,
    });
    expect(note.alerts[0]?.labels.alertname).toBe('LocalStackSmoke');
  });

  it('stops both processes and their groups', async () => {
    const pids = [prometheus.process.pid, alertmanager.process.pid];
    await prometheus.stop();
    await alertmanager.stop();
    for (const pid of pids) expect(() => process.kill(-pid, 0)).toThrow();
  });
});

describe('stack prometheus.yml', () => {
  it('lists every job by Swarm DNS and passes promtool check config', async () => {
    const [file] = stackPrometheusFiles();
    expect(file?.path).toBe('stack/prometheus/prometheus.yml');
    for (const j of scrapeJobs) expect(file!.content).toContain(`job_name: ${j.job}\n`);
    expect(file!.content).toContain('- tasks.api\n');
    const dir = await mkdtemp(join(tmpdir(), 'porttrack-stack-prom-'));
    try {
      await writeFile(join(dir, 'prometheus.yml'), file!.content);
      // --syntax-only: the rules bundle and the password file exist only inside the Prometheus task.
      const { stdout } = await run('promtool', [
        'check',
        'config',
        '--syntax-only',
        join(dir, 'prometheus.yml'),
      ]);
      expect(stdout).toContain('SUCCESS');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('committed stack/prometheus/prometheus.yml', () => {
  it('is what the generator produces now (run `npm run generate` when this fails)', async () => {
    expect(await staleFiles(stackPrometheusFiles())).toEqual([]);
  });
});
