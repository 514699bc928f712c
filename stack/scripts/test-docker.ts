import { execFileSync, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../lib/generated.ts';

// TEMPORARY until the Swarm test's Docker helper lands on main; then this file goes.
const succeeds = (cmd: string, args: string[]) => {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** A Docker daemon that answers: installs docker.io and starts dockerd when needed (left running). */
export async function ensureDocker(log: (line: string) => void): Promise<void> {
  if (!succeeds('which', ['dockerd'])) {
    log('installing docker.io (apt-get)');
    execFileSync('apt-get', ['install', '-y', '-qq', 'docker.io'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  if (succeeds('docker', ['info'])) return;
  if (!succeeds('pgrep', ['-x', 'dockerd'])) {
    log('starting dockerd');
    const out = openSync('/var/log/porttrack-test-dockerd.log', 'a');
    spawn('dockerd', [], { stdio: ['ignore', out, out], detached: true }).unref();
  }
  const deadline = Date.now() + 60_000;
  while (!succeeds('docker', ['info'])) {
    if (Date.now() > deadline) throw new Error('dockerd did not answer within 60 s: see /var/log/porttrack-test-dockerd.log');
    await new Promise((r) => setTimeout(r, 500));
  }
}

export const baseImage = 'porttrack/debian-base:bookworm';

/** The shared minimal Debian image (debootstrap + docker import), built once per machine. */
export async function ensureBaseImage(log: (line: string) => void): Promise<void> {
  if (succeeds('docker', ['image', 'inspect', baseImage])) return;
  log(`building ${baseImage} (stack/images/base/build-base.sh)`);
  execFileSync('bash', [join(repoRoot, 'stack/images/base/build-base.sh')], { stdio: 'inherit' });
}
