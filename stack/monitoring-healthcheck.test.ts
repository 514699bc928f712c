import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../lib/net/free-port.ts';
import { monitoringLogin } from '../lib/monitoring-login.ts';
import { waitFor } from '../lib/testing/wait.ts';
import { servicesOf } from '../scripts/ops-checks/container-hardening.ts';

// The stack's Prometheus and Alertmanager healthchecks, run as the container runs them (sh -c,
// the stand-in images' wget) against the real servers behind a login that create-secrets.sh's
// derivation made: they pass with the login in force, with no password on their command line.

const stackDir = resolve(import.meta.dirname);
const services = servicesOf<{ healthcheck: { test: string[] } }>(
  readFileSync(join(stackDir, 'docker-stack.yml'), 'utf8'),
);
const dir = mkdtempSync(join(tmpdir(), 'porttrack-monitoring-health-'));
const password = 'a-long-random-monitoring-password-0123';
const running: ChildProcess[] = [];

/** The service's CMD-SHELL healthcheck, pointed at `port` instead of the container's own. */
function healthcheck(service: string, containerPort: number, port: number) {
  const [kind, command] = services[service]!.healthcheck.test;
  expect(kind).toBe('CMD-SHELL');
  const local = command!.replaceAll(`127.0.0.1:${containerPort}/`, `127.0.0.1:${port}/`);
  return spawnSync('sh', ['-c', local], { timeout: 15_000 }).status;
}

async function start(binary: string, args: string[], port: number) {
  const child = spawn(binary, args, { stdio: 'ignore' });
  running.push(child);
  // Up when it answers at all (401 behind the login).
  await waitFor(() => fetch(`http://127.0.0.1:${port}/-/healthy`).then(() => true, () => false), `${binary} on ${port}`, 20_000);
  return child;
}

const auth = `Basic ${Buffer.from(`${monitoringLogin.username}:${password}`).toString('base64')}`;

beforeAll(() => {
  writeFileSync(join(dir, 'monitoring_password'), `${password}\n`);
  execFileSync('bash', [
    '-c',
    `. "${join(stackDir, 'scripts/generate-secrets.sh')}" && derive_monitoring_web_config "$1" "$2"`,
    'derive',
    dir,
    monitoringLogin.username,
  ]);
  writeFileSync(join(dir, 'prometheus.yml'), 'global: {}\n');
  writeFileSync(join(dir, 'alertmanager.yml'), 'route: { receiver: none }\nreceivers: [{ name: none }]\n');
});

afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('Prometheus and Alertmanager healthchecks (docker-stack.yml)', () => {
  it('Prometheus: healthy behind its login (which takes the password from the file), unhealthy without the login or down', async () => {
    const port = await freePort();
    const args = (webConfig: boolean) => [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, `tsdb-${webConfig}`)}`,
      `--web.listen-address=127.0.0.1:${port}`,
      ...(webConfig ? [`--web.config.file=${join(dir, 'monitoring_web_config')}`] : []),
    ];
    const secured = await start('prometheus', args(true), port);
    const login = await fetch(`http://127.0.0.1:${port}/-/healthy`, { headers: { authorization: auth } });
    expect(login.status).toBe(200);
    expect(healthcheck('prometheus-a', 9090, port)).toBe(0);
    secured.kill('SIGKILL');
    await waitFor(() => fetch(`http://127.0.0.1:${port}/-/healthy`).then(() => false, () => true), 'the server gone');
    expect(healthcheck('prometheus-a', 9090, port)).not.toBe(0);
    const open = await start('prometheus', args(false), port);
    expect(healthcheck('prometheus-a', 9090, port)).not.toBe(0);
    open.kill('SIGKILL');
  }, 60_000);

  it('Alertmanager: healthy behind the same login, unhealthy without it', async () => {
    const port = await freePort();
    const args = (webConfig: boolean) => [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, `am-${webConfig}`)}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      ...(webConfig ? [`--web.config.file=${join(dir, 'monitoring_web_config')}`] : []),
    ];
    const secured = await start('prometheus-alertmanager', args(true), port);
    expect((await fetch(`http://127.0.0.1:${port}/-/healthy`, { headers: { authorization: auth } })).status).toBe(200);
    expect(healthcheck('alertmanager', 9093, port)).toBe(0);
    secured.kill('SIGKILL');
    await waitFor(() => fetch(`http://127.0.0.1:${port}/-/healthy`).then(() => false, () => true), 'the server gone');
    await start('prometheus-alertmanager', args(false), port);
    expect(healthcheck('alertmanager', 9093, port)).not.toBe(0);
  }, 60_000);
});
