import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import type { Problem } from '../../lib/validation.ts';

/** The hardening keys of a stack or Compose service. */
export interface HardenedService {
  read_only?: boolean;
  cap_drop?: string[];
  cap_add?: string[];
  security_opt?: string[];
}

/**
 * The capabilities a service adds back after dropping them all; every other service adds none.
 * nginx's master runs as root: it binds 80 and 443, makes its temp folders for the worker user
 * and becomes that user. The backup job runs as root over volumes owned by Grafana's and
 * Prometheus' users, and becomes postgres (setpriv) to run pgBackRest over the repositories and
 * the data folder, which are postgres's. PostgreSQL and Redis run as their own users and need none.
 */
export const capabilitiesAdded: Readonly<Record<string, readonly string[]>> = {
  nginx: ['CHOWN', 'NET_BIND_SERVICE', 'SETGID', 'SETUID'],
  backup: ['DAC_OVERRIDE', 'SETGID', 'SETUID'],
};

const same = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();

/**
 * Every service: a read-only root file system, all capabilities dropped and only those of
 * `capabilitiesAdded` added back. no-new-privileges: in a Compose file as `security_opt`; in a
 * stack file never, since `docker stack deploy` ignores `security_opt` (the Docker daemon of each
 * node sets it instead: vm-setup.sh's daemon.json).
 */
export function hardeningProblems(
  file: string,
  services: Record<string, HardenedService>,
  kind: 'stack' | 'compose',
): Problem[] {
  const problems: Problem[] = [];
  for (const [name, s] of Object.entries(services)) {
    const add = (message: string) => problems.push({ file, where: `service ${name}`, message });
    if (s.read_only !== true) add('no read_only: true (writes belong on a volume or a tmpfs)');
    if (!same(s.cap_drop ?? [], ['ALL'])) add('cap_drop is not [ALL]');
    const wanted = capabilitiesAdded[name] ?? [];
    if (!same(s.cap_add ?? [], wanted))
      add(`cap_add is [${(s.cap_add ?? []).join(', ')}], expected [${wanted.join(', ')}]`);
    if (kind === 'compose' && !s.security_opt?.includes('no-new-privileges:true'))
      add('no security_opt no-new-privileges:true');
    if (kind === 'stack' && s.security_opt)
      add('security_opt is ignored by docker stack deploy: the daemon sets no-new-privileges');
  }
  return problems;
}

/** A stack or Compose file's services, `${VAR:-default}` read with its default, merge keys applied. */
export function servicesOf<T = HardenedService>(text: string): Record<string, T> {
  const withDefaults = text.replace(/\$\{\w+:-([^}]*)\}/g, '$1');
  return (load(withDefaults, { schema: CORE_SCHEMA.withTags(mergeTag) }) as { services: Record<string, T> })
    .services;
}

/** The daemon.json that vm-setup.sh writes on every node. */
export function daemonJson(vmSetup: string): Record<string, unknown> {
  const m = /put_file \/etc\/docker\/daemon\.json \d+ <<'JSON'[^\n]*\n([\s\S]*?)\nJSON\n/.exec(vmSetup);
  if (!m) throw new Error('vm-setup.sh writes no /etc/docker/daemon.json');
  return JSON.parse(m[1]!) as Record<string, unknown>;
}

/** The stack and Compose files hardened, and no-new-privileges set by the daemon for the stack. */
export async function containerHardeningProblems(root: string): Promise<Problem[]> {
  const read = (file: string) => readFile(join(root, file), 'utf8');
  const problems = [
    ...hardeningProblems('stack/docker-stack.yml', servicesOf(await read('stack/docker-stack.yml')), 'stack'),
    ...hardeningProblems(
      'stack/docker-compose.yml',
      servicesOf(await read('stack/docker-compose.yml')),
      'compose',
    ),
  ];
  if (daemonJson(await read('stack/scripts/vm-setup.sh'))['no-new-privileges'] !== true)
    problems.push({
      file: 'stack/scripts/vm-setup.sh',
      message: 'daemon.json lacks "no-new-privileges": true (the stack cannot set it per service)',
    });
  return problems;
}
