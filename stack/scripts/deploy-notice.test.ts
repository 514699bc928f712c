// deploy.sh's notice to the notifier (lib/deploy-notice.sh), built from values that reach it from
// outside (the version tag, the workflow's run id and URL): whatever they hold, the body is one
// JSON object with exactly the notifier's fields, and the notifier's own schema accepts it.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';
import { deploymentSchema } from '../../notifier/deployments/deployment.ts';

const script = join(repoRoot, 'stack/scripts/lib/deploy-notice.sh');
const notice = (...args: string[]) =>
  JSON.parse(
    execFileSync('bash', ['-c', `. "${script}" && deploy_notice "$@"`, 'deploy-notice', ...args], {
      encoding: 'utf8',
    }),
  ) as Record<string, unknown>;

describe('deploy notice', () => {
  it('keeps quotes, backslashes and braces inside their strings', () => {
    const version = '1.4.2","status":"succeeded';
    const id = 'run\\"42\n}{';
    const body = notice('failed', version, id, 'https://ci.test/runs/42?a="b"');
    expect(body).toEqual({
      service: 'porttrack',
      version,
      status: 'failed',
      id,
      url: 'https://ci.test/runs/42?a="b"',
    });
    expect(deploymentSchema.safeParse(body).success).toBe(true);
  });

  it('leaves the URL out when there is none', () => {
    const body = notice('succeeded', '1.4.2', 'manual-1');
    expect(body).toEqual({ service: 'porttrack', version: '1.4.2', status: 'succeeded', id: 'manual-1' });
    expect(deploymentSchema.safeParse(body).success).toBe(true);
  });
});
