// A multi-node Docker Swarm on one machine: each node a container running Debian's dockerd
// (docker-in-docker), all managers, on their own docker network. Used by the multi-node Swarm
// test (tests/swarm/multi-node.test.ts) and the node-loss drills. Needs root and a running
// Docker Engine on the machine; every call to it must hold the machine's docker lock.
import { join } from 'node:path';
import { command, hostDocker, pipeImages } from './command.ts';
import {
  firstNode,
  type SwarmNode,
  type StorageDriver,
  removeNode,
  startNode,
  waitForDockerd,
} from './nodes.ts';
import { chooseOverlay, type Overlay } from './overlay.ts';
import { type Log, defaultLog, step } from './progress.ts';
import { formSwarm, labelDatabaseNode } from './swarm.ts';

export { type SwarmNode, type StorageDriver, inNode, writeInNode } from './nodes.ts';
export {
  databaseLabelCommand,
  moveStandbyLabel,
  nodeStatuses,
  runningTasks,
  type NodeStatus,
  type TaskPlacement,
} from './swarm.ts';
export {
  answered,
  createNodeNameService,
  nodeNameServer,
  reachFrom,
  removeService,
  type Reach,
} from './probe.ts';
export { type Log, defaultLog } from './progress.ts';

export const swarmNodeImage = process.env.PORTTRACK_SWARM_NODE_IMAGE ?? 'porttrack/swarm-node:bookworm';

export interface SwarmNodesOptions {
  /** Names: PREFIX-1 .. PREFIX-N for the nodes, PREFIX for their network. */
  prefix?: string;
  count?: number;
  /** The nodes' network, a /24; node k gets .(10+k). Pick one no other network on the machine uses. */
  subnet?: string;
  storage?: StorageDriver;
  /** Images to load into every node (`docker save | docker exec -i NODE docker load`). */
  images?: string[];
  /** An overlay network to create across the nodes (encrypted when it passes traffic), with an image that has `node` for its probe. */
  overlay?: { name: string; probeImage: string };
  log?: Log;
}

/** Seconds each step took, and what each node holds on disk afterwards. */
export interface SwarmNodesFigures {
  nodeImageSeconds: number;
  nodesStartSeconds: number;
  swarmFormSeconds: number;
  imagesToNodesSeconds?: number;
  imagesBytes?: number;
  overlaySeconds?: number;
  diskBytesPerNode: Record<string, number>;
}

export interface SwarmNodes {
  nodes: SwarmNode[];
  network: string;
  storage: StorageDriver;
  overlay?: Overlay;
  figures: SwarmNodesFigures;
  /** docker kill of the node's container: the machine under it stops at once. */
  kill(node: SwarmNode): Promise<void>;
  /** docker start of a killed node: its dockerd comes back with its images and Swarm state. */
  restart(node: SwarmNode): Promise<void>;
  /** Bytes under the node's /var/lib/docker. */
  diskBytes(node: SwarmNode): Promise<number>;
  /** Removes the nodes, their volumes, their network and their cgroups. Safe to call twice. */
  teardown(): Promise<void>;
}

const repoRoot = join(import.meta.dirname, '../../..');

/** Builds the node image (cached by tag; the project's debootstrap base underneath). */
export async function buildSwarmNodeImage(log: Log = defaultLog) {
  const { value, seconds } = await step(
    log,
    `node image ${swarmNodeImage} (cached by tag and recipe; Debian base + docker.io, iptables, iproute2, keepalived)`,
    () => command('bash', [join(repoRoot, 'lib/testing/swarm-nodes/image/build-image.sh')]),
  );
  log(value.stdout);
  return seconds;
}

const nodesOf = (prefix: string, count: number, subnet: string): SwarmNode[] => {
  const base = subnet.replace(/\.0\/24$/, '');
  if (base === subnet) throw new Error(`subnet ${subnet}: give a /24 ending in .0/24`);
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}-${i + 1}`,
    address: `${base}.${11 + i}`,
    volume: `${prefix}-${i + 1}-docker`,
  }));
};

/** Removes whatever an earlier run with this prefix left (containers, volumes, network, cgroups). */
export async function removeSwarmNodes(prefix: string, count = 3) {
  for (const node of nodesOf(prefix, count, '10.0.0.0/24')) await removeNode(node);
  await command('docker', ['network', 'rm', prefix], { allowFailure: true });
}

/**
 * Starts `count` nodes (default 3), forms one Swarm of managers, labels the first node as the
 * deployment guide tells users, loads the images into every node and creates the overlay. On any
 * failure it tears everything down before rethrowing.
 */
export async function startSwarmNodes(options: SwarmNodesOptions = {}): Promise<SwarmNodes> {
  const prefix = options.prefix ?? 'porttrack-swarm-node';
  const count = options.count ?? 3;
  const storage = options.storage ?? 'overlay2';
  const log = options.log ?? defaultLog;
  const nodes = nodesOf(prefix, count, options.subnet ?? '10.46.0.0/24');
  const network = prefix;
  const teardown = async () => {
    const { seconds } = await step(
      log,
      `teardown: ${count} nodes, their volumes, network ${network}, cgroups`,
      async () => {
        await Promise.all(nodes.map(removeNode));
        await command('docker', ['network', 'rm', network], { allowFailure: true });
      },
    );
    return seconds;
  };
  // dockerd may remove a layer while du walks it (a run of 13:19 failed on a vanished overlay2
  // folder): du then exits 1 but still prints the total of what it read, which is the figure.
  const diskBytes = async (node: SwarmNode) => {
    const du = await command('docker', ['exec', node.name, 'du', '-sxb', '/var/lib/docker'], {
      allowFailure: true,
    });
    const bytes = Number(du.stdout.split(/\s/)[0]);
    if (!du.stdout || !Number.isFinite(bytes))
      throw new Error(`du on ${node.name}: ${du.stderr.slice(-400)}`);
    return bytes;
  };
  await removeSwarmNodes(prefix, count);
  try {
    const nodeImageSeconds = await buildSwarmNodeImage(log);
    const started = await step(
      log,
      `start ${count} nodes (dockerd --storage-driver=${storage}) on network ${network} ${options.subnet ?? '10.46.0.0/24'}`,
      async () => {
        await hostDocker(
          'network',
          'create',
          '--label',
          'porttrack.swarm-nodes=true',
          '--subnet',
          options.subnet ?? '10.46.0.0/24',
          network,
        );
        await Promise.all(nodes.map((node) => startNode(node, network, swarmNodeImage, storage)));
      },
    );
    const formed = await step(
      log,
      `swarm init on ${firstNode(nodes).name}, ${count - 1} more join as managers, database label on ${firstNode(nodes).name}`,
      async () => {
        await formSwarm(nodes);
        await labelDatabaseNode(firstNode(nodes));
      },
    );
    const figures: SwarmNodesFigures = {
      nodeImageSeconds,
      nodesStartSeconds: started.seconds,
      swarmFormSeconds: formed.seconds,
      diskBytesPerNode: {},
    };
    const images = options.images ?? [];
    if (images.length > 0) {
      const sizes = await Promise.all(
        images.map((image) => hostDocker('image', 'inspect', image, '--format', '{{.Size}}')),
      );
      figures.imagesBytes = sizes.reduce((sum, size) => sum + Number(size), 0);
      const moved = await step(
        log,
        `images to ${count} nodes (docker save | docker exec -i NODE docker load, side by side): ${images.join(', ')} (${(figures.imagesBytes / 1e6).toFixed(0)} MB)`,
        () => Promise.all(nodes.map((node) => pipeImages(images, node.name))),
      );
      figures.imagesToNodesSeconds = moved.seconds;
    }
    let overlay: Overlay | undefined;
    if (options.overlay) {
      const { name, probeImage } = options.overlay;
      const chosen = await step(
        log,
        `overlay network ${name} (encrypted first, probed with a task on every node)`,
        () => chooseOverlay(nodes, name, probeImage, log),
      );
      overlay = chosen.value;
      figures.overlaySeconds = chosen.seconds;
      log(
        `overlay ${name}: ${overlay.encrypted ? 'encrypted (IPsec passes traffic between the nodes)' : 'UNENCRYPTED'}`,
      );
    }
    for (const node of nodes) figures.diskBytesPerNode[node.name] = await diskBytes(node);
    log(
      `disk per node (/var/lib/docker, ${storage}): ${Object.entries(figures.diskBytesPerNode)
        .map(([n, b]) => `${n} ${(b / 1e6).toFixed(0)} MB`)
        .join(', ')}`,
    );
    return {
      nodes,
      network,
      storage,
      overlay,
      figures,
      kill: async (node) => void (await hostDocker('kill', node.name)),
      restart: async (node) => {
        await hostDocker('start', node.name);
        await waitForDockerd(node);
      },
      diskBytes,
      teardown: async () => void (await teardown()),
    };
  } catch (err) {
    log(`failed: ${(err as Error).message.split('\n')[0]}`);
    await teardown();
    throw err;
  }
}
