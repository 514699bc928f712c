import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Deploying by digest (PORTTRACK_IMAGE_DIGEST): what deploy.sh accepts, and what the stack file
// makes of the variables deploy.sh then exports. The deploy itself is `npm run test:swarm`'s;
// its images exist only locally, without a registry digest to pin.

const stackDir = resolve(import.meta.dirname, '..');
const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;

function deploySh(env: Record<string, string>) {
  return spawnSync('bash', [join(stackDir, 'scripts/deploy.sh')], {
    // No deploy.env of the machine's, no Docker reached: the check comes before either matters.
    env: { PATH: process.env.PATH!, PORTTRACK_DEPLOY_ENV: '/nonexistent', ...env },
    encoding: 'utf8',
  });
}

describe('deploy.sh PORTTRACK_IMAGE_DIGEST', () => {
  it.each(['latest', 'sha256:abc', `sha256:${'A'.repeat(64)}`, `${digest} `])('refuses %j', (value) => {
    const run = deploySh({ PORTTRACK_VERSION: '1.4.2', PORTTRACK_IMAGE_DIGEST: value });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORTTRACK_IMAGE_DIGEST: sha256: and 64 hex digits');
  });

  it('runs our services as tag@digest in the stack file, and the backup image by its own tag', () => {
    let docker = true;
    try {
      execFileSync('docker', ['--version'], { stdio: 'ignore' });
    } catch {
      docker = false;
    }
    if (!docker) return;
    // What deploy.sh exports for a rolling deploy of 1.4.2 with a digest.
    const out = execFileSync('docker', ['stack', 'config', '-c', join(stackDir, 'docker-stack.yml')], {
      env: {
        ...process.env,
        PORTTRACK_IMAGE: 'ghcr.io/example/porttrack',
        PORTTRACK_VERSION: '1.4.2',
        PORTTRACK_IMAGE_PIN: `@${digest}`,
        PORTTRACK_API_VERSION: `1.4.2@${digest}`,
      },
      encoding: 'utf8',
    });
    const images = [...out.matchAll(/^ {4}image: (\S+)$/gm)].map((m) => m[1]);
    const pinned = `ghcr.io/example/porttrack:1.4.2@${digest}`;
    // api, exporters, notifier, synthetics; the idle colours keep their own (latest here).
    expect(images.filter((i) => i === pinned)).toHaveLength(4);
    expect(images).toContain('porttrack-backup:1.4.2');
  });
});
