// The public address on the multi-node test's Swarm (runbooks/SCALING.md, "The public address"):
// keepalived on each edge node, set up as the guide tells on a VM: the shared VRRP password in a
// root-only file, the configuration keepalived-config.sh renders on the node, keepalived's own
// check of it, then the daemon. Each node checks its own nginx (the stack's, host-mode ports) on
// 127.0.0.1. The address is .100 of the nodes' network; the machine running the test reaches it
// over that network's bridge, as clients reach the VIP.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SwarmNode, inNode, writeInNode } from '../lib/testing/swarm-nodes/index.ts';

/** Where the renderer and its template go inside a node (the script finds the template beside it). */
const stackCopy = '/porttrack-ha/stack';
const passwordFile = '/root/vrrp-password';
const confFile = '/etc/keepalived/keepalived.conf';

/** The public address: .100 of the nodes' /24. */
export function publicAddress(nodes: SwarmNode[]): string {
  const base = nodes[0]?.address.replace(/\.\d+$/, '');
  if (!base) throw new Error('publicAddress: no nodes');
  return `${base}.100`;
}

/**
 * Starts keepalived on every node of `edgeNodes`: priority 150 on `preferred` (it wins the first
 * election), 100 on the others, each listing the others as unicast peers.
 */
export async function startKeepalived(
  repoRoot: string,
  edgeNodes: SwarmNode[],
  preferred: SwarmNode,
  vip: string,
): Promise<void> {
  // The same password on every node, made once (1-8 characters, VRRP's PASS type).
  const password = randomBytes(4).toString('hex');
  for (const node of edgeNodes) {
    for (const file of ['scripts/keepalived-config.sh', 'keepalived/keepalived.conf.template'])
      await writeInNode(node, `${stackCopy}/${file}`, readFileSync(join(repoRoot, 'stack', file), 'utf8'));
    await writeInNode(node, passwordFile, `${password}\n`, '600');
    const peers = edgeNodes.filter((n) => n !== node).flatMap((n) => ['--peer', n.address]);
    await inNode(
      node,
      'env',
      `KEEPALIVED_PASSWORD_FILE=${passwordFile}`,
      'bash',
      `${stackCopy}/scripts/keepalived-config.sh`,
      '--vip',
      `${vip}/24`,
      '--interface',
      'eth0',
      '--priority',
      node === preferred ? '150' : '100',
      '--src',
      node.address,
      ...peers,
      '--out',
      confFile,
    );
    await inNode(node, 'keepalived', '--config-test', '-f', confFile);
  }
  // Started together, so the first election is decided by priority, not by who came up first.
  await Promise.all(edgeNodes.map((node) => inNode(node, 'keepalived', '-f', confFile)));
}

/** The nodes whose eth0 holds `vip` now (a killed node holds nothing). */
export async function vipHolders(nodes: SwarmNode[], vip: string): Promise<string[]> {
  const held = await Promise.all(
    nodes.map(async (node) => {
      const addrs = await inNode(node, 'ip', '-4', '-o', 'addr', 'show', 'dev', 'eth0').catch(() => '');
      return addrs.includes(` ${vip}/`) ? node.name : undefined;
    }),
  );
  return held.filter((name): name is string => name !== undefined);
}
