import { readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { command, hostDocker } from './command.ts';

/** One Swarm node: a container running Debian's dockerd, with a fixed address on the nodes' network. */
export interface SwarmNode {
  /** Container name, hostname and the Swarm's node name. */
  name: string;
  address: string;
  /** The docker volume holding the node's /var/lib/docker (its images and its Swarm state). */
  volume: string;
}

/**
 * How the inner dockerd stores images. `overlay2` runs on the node's volume (an ext4 or xfs
 * host filesystem): layers are shared, as on a VM. `vfs` copies every layer in full and works on
 * any filesystem. Either way /var/lib/docker is a volume, so a node that is killed and started
 * again keeps its images and its Swarm membership, as a rebooted VM does.
 */
export type StorageDriver = 'overlay2' | 'vfs';

/**
 * The flags that run dockerd in a container where `--privileged` is refused (CAP_SYS_RESOURCE is
 * withheld here): every other capability, no seccomp or AppArmor profile, the host's cgroup
 * hierarchy writable (inner containers fail with "mkdir /sys/fs/cgroup/cpuset/docker: read-only
 * file system" without it) and the cgroupfs driver with a parent cgroup per node, so the inner
 * containers' cgroups sit under /NODE and teardown can find them.
 */
function runArgs(node: SwarmNode, network: string, image: string, storage: StorageDriver): string[] {
  return [
    'run',
    '-d',
    '--name',
    node.name,
    '--hostname',
    node.name,
    '--label',
    'porttrack.swarm-nodes=true',
    '--cap-add',
    'ALL',
    '--cap-drop',
    'SYS_RESOURCE',
    '--security-opt',
    'seccomp=unconfined',
    '--security-opt',
    'apparmor=unconfined',
    '-v',
    '/sys/fs/cgroup:/sys/fs/cgroup:rw',
    '--tmpfs',
    '/run',
    '-v',
    `${node.volume}:/var/lib/docker`,
    '--network',
    network,
    '--ip',
    node.address,
    // / made a shared mount first, as systemd makes it on a host: the stack's node-exporter binds
    // it with rslave propagation, which dockerd refuses on a private mount.
    '--entrypoint',
    'sh',
    image,
    '-c',
    'mount --make-rshared / && exec dockerd "$@"',
    'dockerd',
    `--storage-driver=${storage}`,
    '--exec-opt',
    'native.cgroupdriver=cgroupfs',
    `--cgroup-parent=/${node.name}`,
  ];
}

/** `docker exec NODE ARGS`: a command inside the node (its own docker CLI talks to its own dockerd). */
export const inNode = async (node: SwarmNode, ...args: string[]) =>
  (await command('docker', ['exec', node.name, ...args])).stdout;

/** Writes `content` to `path` inside the node (its folder made), with `mode` (octal text) when given. */
export const writeInNode = (node: SwarmNode, path: string, content: string, mode = '644') =>
  command(
    'docker',
    [
      'exec',
      '-i',
      node.name,
      'sh',
      '-c',
      'mkdir -p "$(dirname "$1")" && (umask 077 && cat >"$1") && chmod "$2" "$1"',
      'write',
      path,
      mode,
    ],
    { input: content },
  );

/** Waits until the node's dockerd answers (after `docker run` or `docker start`). */
export async function waitForDockerd(node: SwarmNode, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await command(
      'docker',
      ['exec', node.name, 'docker', 'info', '--format', '{{.ServerVersion}}'],
      {
        allowFailure: true,
      },
    );
    if (info.code === 0) return;
    if (Date.now() > deadline) {
      const logs = await command('docker', ['logs', '--tail', '20', node.name], { allowFailure: true });
      throw new Error(
        `dockerd in ${node.name} did not answer within ${timeoutMs / 1000} s; its last lines:\n${logs.stderr}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function startNode(node: SwarmNode, network: string, image: string, storage: StorageDriver) {
  await hostDocker('volume', 'create', '--label', 'porttrack.swarm-nodes=true', node.volume);
  await hostDocker(...runArgs(node, network, image, storage));
  await waitForDockerd(node);
}

/** Removes the node's container and volume and the cgroups its inner containers left under /NODE. */
export async function removeNode(node: Pick<SwarmNode, 'name' | 'volume'>) {
  await command('docker', ['rm', '-f', '-v', node.name], { allowFailure: true });
  await command('docker', ['volume', 'rm', '-f', node.volume], { allowFailure: true });
  removeCgroups(node.name);
}

/** rmdir of /sys/fs/cgroup/<controller>/<node> and everything below it, deepest first (cgroup v1 and v2). */
export function removeCgroups(parent: string, root = '/sys/fs/cgroup') {
  if (!/^[\w.-]+$/.test(parent)) throw new Error(`removeCgroups: '${parent}' is not a node name`);
  const remove = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
    } catch {
      return;
    }
    for (const child of entries) remove(join(dir, child));
    try {
      rmdirSync(dir);
    } catch {
      // still in use (a process left in it) or already gone: nothing more to do here
    }
  };
  let controllers: string[] = [];
  try {
    controllers = readdirSync(root);
  } catch {
    return;
  }
  remove(join(root, parent));
  for (const controller of controllers) remove(join(root, controller, parent));
}

/** The first node (where the Swarm was initialised); throws on an empty list. */
export function firstNode(nodes: SwarmNode[]): SwarmNode {
  const [first] = nodes;
  if (!first) throw new Error('no Swarm nodes');
  return first;
}
