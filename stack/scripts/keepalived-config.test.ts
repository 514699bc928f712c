// keepalived-config.sh: what it writes passes keepalived's own check (Debian's 2.2.7), and what
// would make a broken or split-brain config is refused with a message that names the argument.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';

const script = join(repoRoot, 'stack/scripts/keepalived-config.sh');
const dir = mkdtempSync(join(tmpdir(), 'porttrack-keepalived-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const good = ['--vip', '203.0.113.10/24', '--interface', 'eth0', '--priority', '150'];
good.push('--src', '10.0.0.11', '--peer', '10.0.0.12', '--peer', '10.0.0.13');
const render = (args: string[], env: Record<string, string> = { KEEPALIVED_PASSWORD: 's3cret' }) =>
  spawnSync(script, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });

describe('keepalived-config.sh', () => {
  it('writes a root-only config keepalived accepts, with the unicast peers and the nginx check', () => {
    const passwordFile = join(dir, 'vrrp-password');
    writeFileSync(passwordFile, 'fromfile\n');
    const out = join(dir, 'keepalived.conf');
    const result = render([...good, '--out', out], { KEEPALIVED_PASSWORD_FILE: passwordFile });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const conf = readFileSync(out, 'utf8');
    expect(conf).toMatch(/unicast_peer \{\n\s+10\.0\.0\.12\n\s+10\.0\.0\.13\n\s+\}/);
    expect(conf).toContain('auth_pass fromfile');
    expect(conf).toContain('203.0.113.10/24 dev eth0');
    expect(conf).toContain('http://127.0.0.1/nginx-health');
    expect(conf).not.toMatch(/@[A-Z_]+@/);
    const check = spawnSync('keepalived', ['--config-test', '-f', out], { encoding: 'utf8' });
    expect(check.stderr + check.stdout).toBe('');
    expect(check.status).toBe(0);
  });

  it.each([
    [['--vip', '203.0.113.10'], /--vip 203\.0\.113\.10 is not an IPv4 address with a prefix/],
    [['--vip', '203.0.113.300/24'], /--vip .* is not an IPv4 address/],
    [['--priority', '255'], /--priority '255' must be 1-254/],
    [['--interface', 'eth0; rm'], /--interface 'eth0; rm' is not a network interface name/],
    [['--peer', '10.0.0.11'], /--peer 10\.0\.0\.11 is this node's own address/],
    [['--peer', 'peer-b'], /--peer 'peer-b' is not an IPv4 address/],
    [['--health-url', 'http://x/"a"'], /--health-url .* is not a plain http\(s\) URL/],
    [['--bogus', '1'], /unknown argument --bogus/],
  ])('refuses %j', (extra, message) => {
    const result = render([...good, ...extra]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('refuses no peer, no password, and a password VRRP would cut', () => {
    expect(render(good.slice(0, 8)).stderr).toMatch(/--peer is required/);
    expect(render(good, {}).stderr).toMatch(
      /no VRRP password: set KEEPALIVED_PASSWORD or KEEPALIVED_PASSWORD_FILE/,
    );
    expect(render(good, { KEEPALIVED_PASSWORD: 'ninechars' }).stderr).toMatch(/1-8 characters/);
  });
});
