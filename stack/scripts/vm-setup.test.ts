// vm-setup.sh for real, in a Debian 12 container standing in for the Ubuntu 24.04 VM: its own
// network namespace lets UFW and iptables run. It runs twice; then sshd -t, fail2ban-client -t,
// the UFW rules and the DOCKER-USER chain are checked, and the second run must have changed
// nothing (its own count, and a fingerprint of every file it manages, the firewall and users).
// Skipped here by --skip, and printed: installing Docker and swarm init (no Docker inside the
// container), time sync (the container's clock is the host's) and systemd units (no systemd).
// The Docker-and-UFW interplay therefore goes unproven here: the DOCKER-USER rules load, but
// no published port is tested against them. runbooks/PATCHING.md lists where Ubuntu differs.
// --privileged fails on this machine (it withholds CAP_SYS_RESOURCE): NET_ADMIN and NET_RAW are
// what UFW and iptables need.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';
import { type DockerHost, ensureDockerEngine } from '../../local-swarm/docker-host.ts';

const container = `porttrack-vm-setup-${process.pid}`;
// The shared minimal Debian image (debootstrap + docker import; cached by tag).
const baseImage = 'porttrack/debian-base:bookworm';
const skips = 'docker,swarm,timesync,services';
const peers = ['10.20.30.41', '10.20.30.42'];
const log = (line: string) => process.stdout.write(`[vm-setup test] ${line}\n`);
const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
const inside = (script: string) => docker('exec', container, 'bash', '-c', script);
const setup = (...extra: string[]) =>
  inside(
    `bash /root/vm-setup.sh --deploy-key /root/deploy.pub --swarm-peers ${peers.join(',')} --external-if eth0 --skip ${skips} ${extra.join(' ')} 2>&1`,
  );

/** What the script manages, as text: files under its folders, users, the firewall. */
const fingerprint = () =>
  inside(
    [
      'find /etc /home/deploy /usr/local/sbin /var/backups/porttrack -xdev -type f -newer /root/before-setup -print0 | sort -z | xargs -0 sha256sum',
      'find /etc /home/deploy /usr/local/sbin /var/backups/porttrack -xdev -newer /root/before-setup -printf "%p %m %u %T@\\n" | sort',
      'getent passwd deploy; getent group docker; getent shadow deploy | cut -d: -f1,2',
      'ufw status verbose',
      "iptables-save | grep -v '^#' | sed 's/\\[[0-9]*:[0-9]*\\]//'",
    ].join('; '),
  );

describe('vm-setup.sh in a Debian container', () => {
  let dir: string;
  let host: DockerHost | undefined;
  const runs: Array<{ output: string; seconds: number; after: string }> = [];

  beforeAll(async () => {
    host = await ensureDockerEngine(log);
    execFileSync('bash', [join(repoRoot, 'stack/images/base/build-base.sh')], { stdio: 'inherit' });
    dir = mkdtempSync(join(tmpdir(), 'porttrack-vm-setup-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'deploy@test', '-f', join(dir, 'key')]);
    docker('run', '-d', '--name', container, '--hostname', 'porttrack-vm', '--cap-add', 'NET_ADMIN', '--cap-add', 'NET_RAW', baseImage, 'sleep', 'infinity');
    // As in Docker's own images: packages installed here must not try to start services.
    inside('printf "#!/bin/sh\\nexit 101\\n" >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && touch /root/before-setup');
    docker('cp', join(repoRoot, 'stack/scripts/vm-setup.sh'), `${container}:/root/vm-setup.sh`);
    docker('cp', join(dir, 'key.pub'), `${container}:/root/deploy.pub`);
    for (const n of [1, 2]) {
      const started = performance.now();
      const output = setup();
      const seconds = (performance.now() - started) / 1000;
      runs.push({ output, seconds, after: fingerprint() });
      log(`run ${n}: ${seconds.toFixed(1)} s, ${output.trim().split('\n').at(-1)}`);
    }
  }, 600_000);

  afterAll(async () => {
    try {
      docker('rm', '-f', container);
    } catch {
      // never started
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    await host?.release();
  }, 60_000);

  it('says which steps it skipped in the container, and nothing else', () => {
    const skipped = runs[0]!.output.split('\n').filter((l) => l.includes('SKIPPED'));
    for (const line of skipped) log(line);
    expect(skipped.map((l) => /SKIPPED \((\w+)/.exec(l)![1]).sort()).toEqual(
      ['docker', 'services', 'services', 'swarm', 'timesync'].sort(),
    );
  });

  it('changes things on the first run and nothing on the second', () => {
    expect(runs[0]!.output).toMatch(/vm-setup: done, [1-9]\d* changes\n?$/);
    expect(runs[1]!.output).toMatch(/vm-setup: done, 0 changes\n?$/);
    const lines = (text: string) => new Set(text.split('\n'));
    const [first, second] = [lines(runs[0]!.after), lines(runs[1]!.after)];
    const difference = {
      gone: [...first].filter((l) => !second.has(l)),
      new: [...second].filter((l) => !first.has(l)),
    };
    if (difference.gone.length || difference.new.length) log(`second run changed: ${JSON.stringify(difference, null, 1)}`);
    expect({
      gone: [...first].filter((l) => !second.has(l)),
      new: [...second].filter((l) => !first.has(l)),
    }).toEqual({ gone: [], new: [] });
  });

  it('leaves a configuration sshd and fail2ban accept: keys only, no root', () => {
    inside('sshd -t');
    expect(inside('fail2ban-client -t 2>&1')).toContain('OK: configuration test is successful');
    const effective = inside('sshd -T');
    expect(effective).toMatch(/^permitrootlogin no$/m);
    expect(effective).toMatch(/^passwordauthentication no$/m);
    expect(effective).toMatch(/^allowusers deploy$/m);
    expect(inside('cat /home/deploy/.ssh/authorized_keys')).toBe(readFileSync(join(dir, 'key.pub'), 'utf8'));
    expect(inside('getent shadow deploy | cut -d: -f2').trim()).toBe('!');
  });

  it('opens 22, 80 and 443 to all and the Swarm ports only to the other nodes', () => {
    const rules = inside('ufw status verbose')
      .split('\n')
      .filter((l) => /ALLOW|LIMIT|DENY/.test(l) && !l.includes('(v6)'))
      .map((l) => l.replace(/\s+#.*$/, '').split(/\s{2,}/).join(' | '));
    expect(rules).toEqual([
      '22/tcp | LIMIT IN | Anywhere',
      '80/tcp | ALLOW IN | Anywhere',
      '443/tcp | ALLOW IN | Anywhere',
      ...peers.flatMap((p) => [
        `2377/tcp | ALLOW IN | ${p}`,
        `7946/tcp | ALLOW IN | ${p}`,
        `7946/udp | ALLOW IN | ${p}`,
        `4789/udp | ALLOW IN | ${p}`,
      ]),
    ]);
    expect(inside('ufw status verbose')).toContain('Default: deny (incoming), allow (outgoing)');
  });

  it('filters what Docker publishes in DOCKER-USER: only 80 and 443 from outside', () => {
    expect(inside('iptables -S DOCKER-USER').trim().split('\n')).toEqual([
      '-N DOCKER-USER',
      '-A DOCKER-USER -i eth0 -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN',
      '-A DOCKER-USER -i eth0 -p tcp -m conntrack --ctorigdstport 80 --ctdir ORIGINAL -j RETURN',
      '-A DOCKER-USER -i eth0 -p tcp -m conntrack --ctorigdstport 443 --ctdir ORIGINAL -j RETURN',
      '-A DOCKER-USER -i eth0 -j DROP',
      '-A DOCKER-USER -j RETURN',
    ]);
  });

  it('refuses a Swarm peer that is not an address, before changing anything', () => {
    let output = '';
    try {
      setup("--swarm-peers '10.0.0.1;reboot'");
    } catch (err) {
      output = String((err as { stdout?: string }).stdout);
    }
    expect(output).toContain("--swarm-peers: '10.0.0.1;reboot' is not an address");
    expect(fingerprint()).toBe(runs[1]!.after);
  });
});
