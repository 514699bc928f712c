import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';
import { containerHardeningProblems, daemonJson, hardeningProblems } from './container-hardening.ts';

const hardened = { read_only: true, cap_drop: ['ALL'] };

describe('container hardening', () => {
  it('holds for the stack file, the Compose file and the daemon vm-setup.sh configures', async () => {
    expect(await containerHardeningProblems(repoRoot)).toEqual([]);
  });

  it.each([
    ['a writable root file system', { cap_drop: ['ALL'] }, 'read_only'],
    ['capabilities kept', { read_only: true }, 'cap_drop'],
    [
      'a capability added that the service is not known to need',
      { ...hardened, cap_add: ['SYS_ADMIN'] },
      'cap_add',
    ],
  ])('fails a service with %s', (_what, service, key) => {
    const problems = hardeningProblems('stack.yml', { redis: service }, 'stack');
    expect(problems.map((p) => `${p.where}: ${p.message}`).join('\n')).toMatch(
      new RegExp(`service redis: .*${key}`),
    );
  });

  it("wants nginx's capabilities exactly, no-new-privileges in Compose, and no ignored security_opt in a stack", () => {
    expect(hardeningProblems('s', { nginx: hardened }, 'stack')).toHaveLength(1);
    expect(hardeningProblems('c', { api: hardened }, 'compose')[0]?.message).toContain('no-new-privileges');
    expect(
      hardeningProblems('c', { api: { ...hardened, security_opt: ['no-new-privileges:true'] } }, 'compose'),
    ).toEqual([]);
    expect(
      hardeningProblems('s', { api: { ...hardened, security_opt: ['no-new-privileges:true'] } }, 'stack')[0]
        ?.message,
    ).toContain('ignored');
  });

  it("reads vm-setup.sh's daemon.json", () => {
    const script =
      'put_file /etc/docker/daemon.json 644 <<\'JSON\' && x=1\n{ "live-restore": false }\nJSON\n';
    expect(daemonJson(script)).toEqual({ 'live-restore': false });
    expect(() => daemonJson('echo nothing')).toThrow(/no \/etc\/docker\/daemon.json/);
  });
});
