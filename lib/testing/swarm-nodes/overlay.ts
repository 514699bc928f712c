import { waitFor } from '../wait.ts';
import { command } from './command.ts';
import { type SwarmNode, firstNode, inNode } from './nodes.ts';
import { answered, createNodeNameService, reachFrom, removeService } from './probe.ts';

export interface Overlay {
  network: string;
  encrypted: boolean;
  /** Why the overlay is not encrypted, when it is not. */
  note?: string;
}

const probePort = 8080;

/** True when a container on the first node reaches a probe task on every node over `network`. */
async function passesTraffic(nodes: SwarmNode[], network: string, image: string, timeoutMs: number) {
  const first = firstNode(nodes);
  const probe = `${network}-probe`;
  await createNodeNameService(first, {
    name: probe,
    network,
    image,
    port: probePort,
    placement: ['--mode', 'global'],
  });
  try {
    const all = nodes.map((n) => n.name).sort();
    return await waitFor(
      async () => {
        const names = answered(await reachFrom(first, network, image, `tasks.${probe}`, probePort));
        return names.join() === all.join() && names;
      },
      `a probe task on every node answering over ${network}`,
      timeoutMs,
      1000,
    ).then(
      () => true,
      () => false,
    );
  } finally {
    await removeService(first, probe);
  }
}

async function create(node: SwarmNode, network: string, encrypted: boolean) {
  await inNode(
    node,
    'docker',
    'network',
    'create',
    '-d',
    'overlay',
    '--attachable',
    ...(encrypted ? ['--opt', 'encrypted'] : []),
    network,
  );
}

/**
 * An attachable overlay network across the nodes, encrypted (`--opt encrypted`, IPsec between
 * nodes) as runbooks/SCALING.md tells users, when it passes traffic between the nodes here;
 * otherwise unencrypted, with a note saying so. `image` must have `node` (the probe runs in it).
 */
export async function chooseOverlay(
  nodes: SwarmNode[],
  network: string,
  image: string,
  log: (line: string) => void,
  timeoutMs = 45_000,
): Promise<Overlay> {
  const first = firstNode(nodes);
  await create(first, network, true);
  if (await passesTraffic(nodes, network, image, timeoutMs)) return { network, encrypted: true };
  const note = `an overlay created with --opt encrypted (IPsec) passed no traffic between the nodes within ${timeoutMs / 1000} s (IPsec inside docker-in-docker nodes on this kernel); the Swarm here runs unencrypted overlays`;
  log(`NOTE: ${note}`);
  await command('docker', ['exec', first.name, 'docker', 'network', 'rm', network], { allowFailure: true });
  // The network's removal reaches the other managers asynchronously.
  await waitFor(
    async () =>
      (
        await command('docker', ['exec', first.name, 'docker', 'network', 'inspect', network], {
          allowFailure: true,
        })
      ).code !== 0,
    `${network} removed`,
    30_000,
    500,
  );
  await create(first, network, false);
  if (!(await passesTraffic(nodes, network, image, timeoutMs)))
    throw new Error(
      `the unencrypted overlay ${network} passed no traffic between the nodes within ${timeoutMs / 1000} s either`,
    );
  return { network, encrypted: false, note };
}
