// edge-files.sh: nginx's host folders from this manager as a tar stream, unpacked on another edge
// node in place (SCALING.md's `edge-files.sh | ssh root@NODE tar -xpf - -C /`). Here the other
// node is a folder standing for its root; the multi-node test runs it between Swarm nodes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';

const script = join(repoRoot, 'stack/scripts/edge-files.sh');
let dir: string;
let folders: Record<string, string>;

/** edge-files.sh piped into tar on `otherRoot`: the pipeline's status and edge-files' errors. */
function copyTo(otherRoot: string, env: Record<string, string>) {
  const res = spawnSync(
    'bash',
    ['-c', 'set -o pipefail; bash "$1" | tar -xpf - -C "$2"', 'copy', script, otherRoot],
    {
      encoding: 'utf8',
      env: { ...process.env, PORTTRACK_DEPLOY_ENV: join(dir, 'no-deploy.env'), ...env },
    },
  );
  return { status: res.status, err: res.stderr.trim() };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'porttrack-edge-files-'));
  folders = {
    PORTTRACK_TLS_DIR: join(dir, 'manager/etc/porttrack/tls'),
    PORTTRACK_ACME_DIR: join(dir, 'manager/var/lib/porttrack/acme'),
    PORTTRACK_NGINX_LIVE_DIR: join(dir, 'manager/var/lib/porttrack/porttrack/nginx-live'),
  };
  for (const f of Object.values(folders)) mkdirSync(f, { recursive: true });
  writeFileSync(join(folders.PORTTRACK_TLS_DIR!, 'fullchain.pem'), 'CERT\n', { mode: 0o644 });
  writeFileSync(join(folders.PORTTRACK_TLS_DIR!, 'privkey.pem'), 'KEY\n', { mode: 0o600 });
  writeFileSync(join(folders.PORTTRACK_NGINX_LIVE_DIR!, 'api-service.conf'), 'map $server_port $api_service { default api; }\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('edge-files.sh', () => {
  it('puts the certificate, the ACME folder and the routing file at the same paths on the other node, the key still root-only', () => {
    const other = join(dir, 'other');
    mkdirSync(other);
    expect(copyTo(other, folders).status).toBe(0);
    const there = (path: string) => join(other, path);
    expect(readFileSync(there(join(folders.PORTTRACK_TLS_DIR!, 'fullchain.pem')), 'utf8')).toBe('CERT\n');
    expect(statSync(there(join(folders.PORTTRACK_TLS_DIR!, 'privkey.pem'))).mode & 0o777).toBe(0o600);
    expect(statSync(there(folders.PORTTRACK_ACME_DIR!)).isDirectory()).toBe(true);
    expect(readFileSync(there(join(folders.PORTTRACK_NGINX_LIVE_DIR!, 'api-service.conf')), 'utf8')).toContain(
      'default api',
    );
  });

  it('reads the folders from deploy.env, as deploy.sh does', () => {
    const env = join(dir, 'deploy.env');
    writeFileSync(env, Object.entries(folders).map(([k, v]) => `${k}=${v}\n`).join(''));
    const other = join(dir, 'other');
    mkdirSync(other);
    expect(copyTo(other, { PORTTRACK_DEPLOY_ENV: env }).status).toBe(0);
    expect(statSync(join(other, folders.PORTTRACK_TLS_DIR!, 'privkey.pem')).isFile()).toBe(true);
  });

  it('refuses, saying what is missing, before writing anything', () => {
    const other = join(dir, 'other');
    mkdirSync(other);
    rmSync(folders.PORTTRACK_NGINX_LIVE_DIR!, { recursive: true });
    const noRouting = copyTo(other, folders);
    expect(noRouting.status).not.toBe(0);
    expect(noRouting.err).toContain(`${folders.PORTTRACK_NGINX_LIVE_DIR} is missing`);
    mkdirSync(folders.PORTTRACK_NGINX_LIVE_DIR!);
    rmSync(join(folders.PORTTRACK_TLS_DIR!, 'privkey.pem'));
    const noKey = copyTo(other, folders);
    expect(noKey.status).not.toBe(0);
    expect(noKey.err).toContain('privkey.pem is missing');
    const relative = copyTo(other, { ...folders, PORTTRACK_ACME_DIR: 'acme' });
    expect(relative.err).toContain('acme is not an absolute path');
  });
});
