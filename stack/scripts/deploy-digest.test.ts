import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Deploying by digest (PORTTRACK_IMAGE_DIGEST): what deploy.sh accepts. What the stack file makes
// of the variables deploy.sh then exports is in docker-stack.test.ts; the deploy itself is
// `npm run test:swarm`'s, whose images exist only locally, without a registry digest to pin.

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

  it('accepts sha256 and 64 lower-case hex digits, and goes on to the next setting', () => {
    const run = deploySh({ PORTTRACK_VERSION: '1.4.2', PORTTRACK_IMAGE_DIGEST: digest });
    expect(run.stderr).not.toContain('PORTTRACK_IMAGE_DIGEST');
    expect(run.stderr).toContain('set PORTTRACK_PUBLIC_URL');
  });
});
