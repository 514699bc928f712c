import { capabilitiesAdded } from '../../scripts/ops-checks/container-hardening.ts';
import { docker } from '../../local-swarm/docker-host.ts';

/**
 * What Docker made of the stack file's hardening, container by container: every running
 * container of the stack read-only, with all capabilities dropped and only its service's own
 * (scripts/ops-checks/container-hardening.ts) added back. Returns what differs, and a summary.
 */
export function deployedHardening(stack: string): { problems: string[]; summary: string } {
  const ids = docker('ps', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`)
    .split('\n')
    .filter(Boolean);
  const problems: string[] = [];
  const users: string[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    const [service = '', readOnly, drop, add, user] = docker(
      'inspect',
      id,
      '--format',
      '{{index .Config.Labels "com.docker.swarm.service.name"}}|{{.HostConfig.ReadonlyRootfs}}|{{json .HostConfig.CapDrop}}|{{json .HostConfig.CapAdd}}|{{.Config.User}}',
    ).split('|');
    const name = service.slice(stack.length + 1);
    const caps = (json = 'null') =>
      ((JSON.parse(json) as string[] | null) ?? []).map((c) => c.replace(/^CAP_/, '')).sort();
    if (readOnly !== 'true') problems.push(`${name}: root file system writable`);
    if (caps(drop).join() !== 'ALL') problems.push(`${name}: drops ${caps(drop).join(',') || 'nothing'}`);
    const wanted = [...(capabilitiesAdded[name] ?? [])].sort();
    if (caps(add).join() !== wanted.join())
      problems.push(
        `${name}: adds ${caps(add).join(',') || 'nothing'}, expected ${wanted.join(',') || 'nothing'}`,
      );
    if (user) users.push(`${name} as ${user}`);
    seen.add(service);
  }
  // Every service meant to run was seen: a service whose tasks keep failing is not let off.
  for (const line of docker('stack', 'services', stack, '--format', '{{.Name}} {{.Replicas}}').split('\n')) {
    const [service = '', replicas = ''] = line.split(' ');
    if (service && !/\/0$/.test(replicas) && !seen.has(service))
      problems.push(`${service.slice(stack.length + 1)}: no running container to check`);
  }
  return {
    problems,
    summary: `${ids.length} containers read-only, capabilities dropped; ${[...new Set(users)].join(', ')}`,
  };
}
