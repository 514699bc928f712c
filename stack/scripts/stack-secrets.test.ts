// A deployment made before a secret joined the stack (grafana_secret_key): its secrets folder and
// its Swarm hold every other secret. create-secrets.sh --generate writes and creates that one and
// touches nothing else; without --generate it says to use it; deploy.sh refuses to deploy until
// the Swarm has it, saying what to run (lib/stack-secrets.sh). Against a stub docker on the PATH
// that keeps the Swarm's secrets in a folder; the real Swarm run is tests/swarm.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';

const scripts = join(repoRoot, 'stack/scripts');
const stackFile = join(repoRoot, 'stack/docker-stack.yml');
const declared = Object.keys((load(readFileSync(stackFile, 'utf8')) as { secrets: object }).secrets);

// `secret ls|inspect|create` against $dir/swarm (one file per secret, its content), `version` as
// a matching CLI and engine; every call is logged to $dir/calls.
const stubDocker = `#!/bin/bash
swarm=$(dirname "$0")/swarm
echo "$*" >> "$(dirname "$0")/calls"
case "$1 $2" in
  "version --format") echo "20.10.24 20.10.24" ;;
  "secret ls") ls -1 "$swarm" ;;
  "secret inspect") [ -f "$swarm/$3" ] ;;
  "secret create") [ ! -e "$swarm/$3" ] && cp "$4" "$swarm/$3" ;;
  *) exit 1 ;;
esac
`;

let dir = '';
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

/**
 * A secrets folder as create-secrets.sh --generate made it before grafana_secret_key (the given
 * external values, every generated one), and a Swarm holding each of them under `prefix`.
 */
function olderDeployment(prefix = '') {
  dir = mkdtempSync(join(tmpdir(), 'stack-secrets-'));
  const secrets = join(dir, 'secrets');
  const swarm = join(dir, 'bin/swarm');
  mkdirSync(secrets);
  mkdirSync(swarm, { recursive: true });
  writeFileSync(join(dir, 'bin/docker'), stubDocker);
  chmodSync(join(dir, 'bin/docker'), 0o755);
  for (const name of ['smtp_url', 'slack_webhook_oncall', 'slack_webhook_platform', 'slack_webhook_port_ops'])
    writeFileSync(join(secrets, name), `https://hooks.example/${name}\n`);
  // Hashed by htpasswd in create-secrets.sh; its content does not matter here.
  writeFileSync(join(secrets, 'monitoring_web_config'), 'basic_auth_users: {}\n');
  const generated = spawnSync('bash', [join(scripts, 'generate-secrets.sh'), secrets], { encoding: 'utf8' });
  expect(generated.status, generated.stderr).toBe(0);
  unlinkSync(join(secrets, 'grafana_secret_key'));
  for (const name of readdirSync(secrets)) writeFileSync(join(swarm, prefix + name), readFileSync(join(secrets, name)));
  return { secrets, swarm };
}

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync('bash', args, {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}`, ...env },
  });
/** deploy.sh as the deploy workflow runs it, on this deployment; it must stop before its first change. */
const deploy = (secrets: string, prefix = '') =>
  run([join(scripts, 'deploy.sh')], {
    PORTTRACK_DEPLOY_ENV: '/nonexistent',
    PORTTRACK_VERSION: '1.4.2',
    PORTTRACK_PUBLIC_URL: 'https://port.example',
    PORTTRACK_SECRETS_DIR: secrets,
    PORTTRACK_SECRETS_PREFIX: prefix,
    PORTTRACK_NGINX_LIVE_DIR: join(dir, 'nginx-live'),
  });
const contents = (folder: string) =>
  Object.fromEntries(readdirSync(folder).map((name) => [name, readFileSync(join(folder, name), 'utf8')]));

describe('a deployment older than grafana_secret_key', () => {
  it('holds every other secret the stack declares (the state these tests start from)', () => {
    const { swarm } = olderDeployment();
    expect(declared).toContain('grafana_secret_key');
    expect(readdirSync(swarm).sort()).toEqual(declared.filter((n) => n !== 'grafana_secret_key').sort());
  });

  it('gets it from create-secrets.sh --generate: generated, created, and nothing else written or replaced', () => {
    const { secrets, swarm } = olderDeployment();
    const [filesBefore, swarmBefore] = [contents(secrets), contents(swarm)];
    const res = run([join(scripts, 'create-secrets.sh'), secrets, '--generate']);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('generate-secrets: generated grafana_secret_key');
    expect(res.stdout).toContain('create-secrets: grafana_secret_key created');
    expect(res.stdout).toContain('create-secrets: grafana_pg_password exists, kept');
    // A long random value (48 hex digits), made once: the folder's copy is the Swarm's.
    const key = readFileSync(join(secrets, 'grafana_secret_key'), 'utf8');
    expect(key).toMatch(/^[0-9a-f]{48}\n$/);
    expect(contents(swarm)).toEqual({ ...swarmBefore, grafana_secret_key: key });
    expect(contents(secrets)).toEqual({ ...filesBefore, grafana_secret_key: key });
  });

  it('keeps a key already in the folder (never overwritten), and a key already in the Swarm', () => {
    const { secrets, swarm } = olderDeployment();
    writeFileSync(join(secrets, 'grafana_secret_key'), 'the-key-grafana-db-was-written-with\n');
    expect(run([join(scripts, 'create-secrets.sh'), secrets, '--generate']).status).toBe(0);
    expect(readFileSync(join(swarm, 'grafana_secret_key'), 'utf8')).toBe('the-key-grafana-db-was-written-with\n');
    // Run again with another value in the folder: the Swarm's secret is kept (secrets are immutable).
    writeFileSync(join(secrets, 'grafana_secret_key'), 'another-key\n');
    const again = run([join(scripts, 'create-secrets.sh'), secrets, '--generate']);
    expect(again.stdout).toContain('create-secrets: grafana_secret_key exists, kept');
    expect(readFileSync(join(swarm, 'grafana_secret_key'), 'utf8')).toBe('the-key-grafana-db-was-written-with\n');
    expect(readFileSync(join(secrets, 'grafana_secret_key'), 'utf8')).toBe('another-key\n');
  });

  it('is told to use --generate by create-secrets.sh without it, which creates nothing', () => {
    const { secrets, swarm } = olderDeployment();
    const res = run([join(scripts, 'create-secrets.sh'), secrets]);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(`missing or empty in ${secrets}: grafana_secret_key`);
    expect(res.stderr).toContain('--generate writes grafana_secret_key and keeps every file there');
    expect(existsSync(join(swarm, 'grafana_secret_key'))).toBe(false);
  });

  it('is refused by deploy.sh before anything changes, naming the secret and the command to run', () => {
    const { secrets } = olderDeployment('r2_');
    const res = deploy(secrets, 'r2_');
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('the Swarm lacks the Docker secret(s) grafana_secret_key.');
    expect(res.stderr).toContain(`PORTTRACK_SECRETS_PREFIX=r2_ ${scripts}/create-secrets.sh ${secrets} --generate`);
    // Docker was asked its version and the secrets, nothing else: no deploy, no routing change.
    const calls = readFileSync(join(dir, 'bin/calls'), 'utf8').trim().split('\n');
    expect(calls.map((c) => c.split(' ').slice(0, 2).join(' '))).toEqual(['version --format', 'secret ls']);
    expect(existsSync(join(dir, 'nginx-live'))).toBe(false);
  });
});

describe('lib/stack-secrets.sh', () => {
  const missing = (prefix: string) =>
    run(['-c', `. "${scripts}/lib/stack-secrets.sh" && missing_secrets "$1" "$2"`, 'missing', stackFile, prefix]);

  it('finds every declared secret under the prefix, and nothing missing once it is there', () => {
    const { swarm } = olderDeployment('r2_');
    expect(missing('r2_').stdout).toBe('grafana_secret_key\n');
    // Under another prefix (or none) the Swarm has none of them.
    expect(missing('').stdout.trim().split('\n').sort()).toEqual([...declared].sort());
    writeFileSync(join(swarm, 'r2_grafana_secret_key'), 'k\n');
    const res = missing('r2_');
    expect([res.status, res.stdout]).toEqual([0, '']);
  });

  it('fails when the Swarm cannot be asked, and deploy.sh says so', () => {
    const { secrets } = olderDeployment();
    // A docker that answers its version and nothing else.
    writeFileSync(join(dir, 'bin/docker'), '#!/bin/sh\n[ "$1" = version ] && echo "20.10.24 20.10.24"\n');
    expect(missing('')).toMatchObject({ status: 1, stdout: '', stderr: '' });
    const res = deploy(secrets);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("deploy: cannot list the Swarm's secrets (docker secret ls)");
    expect(existsSync(join(dir, 'nginx-live'))).toBe(false);
  });
});
