import { type SwarmNode, firstNode, inNode } from './nodes.ts';

/**
 * The placement labels a user gives the node that keeps PostgreSQL's volume, and its standby's,
 * exactly as runbooks/DEPLOYMENT_GUIDE.md tells them to (run on that node; the multi-node test
 * checks that the guide still says this). stack/docker-stack.yml pins PostgreSQL with
 * `node.labels.porttrack.db == true` and its standby with `node.labels.porttrack.db-standby == true`.
 */
export const databaseLabelCommand = `docker node update --label-add porttrack.db=true --label-add porttrack.db-standby=true "$(docker info --format '{{.Swarm.NodeID}}')"`;

/**
 * `docker swarm init` on the first node, then every other node joins with the manager token, as
 * runbooks/SCALING.md tells users (`docker swarm join-token manager`; three managers keep a
 * quorum when one is lost).
 */
export async function formSwarm(nodes: SwarmNode[]) {
  const first = firstNode(nodes);
  const others = nodes.slice(1);
  await inNode(first, 'docker', 'swarm', 'init', '--advertise-addr', first.address);
  const token = await inNode(first, 'docker', 'swarm', 'join-token', '-q', 'manager');
  // One at a time: Raft adds one member per configuration change.
  for (const node of others)
    await inNode(
      node,
      'docker',
      'swarm',
      'join',
      '--token',
      token,
      '--advertise-addr',
      node.address,
      `${first.address}:2377`,
    );
}

/** The database label, given on the node that will hold PostgreSQL's volume with the guide's own command. */
export async function labelDatabaseNode(node: SwarmNode) {
  await inNode(node, 'sh', '-c', databaseLabelCommand);
}

/**
 * runbooks/SCALING.md, placement: on a Swarm of several nodes the standby's label moves off the
 * database's node, so that losing that node leaves a standby to promote.
 */
export async function moveStandbyLabel(manager: SwarmNode, from: SwarmNode, to: SwarmNode) {
  await inNode(manager, 'docker', 'node', 'update', '--label-rm', 'porttrack.db-standby', from.name);
  await inNode(manager, 'docker', 'node', 'update', '--label-add', 'porttrack.db-standby=true', to.name);
}

export interface NodeStatus {
  hostname: string;
  status: string;
  availability: string;
  managerStatus: string;
  labels: Record<string, string>;
}

/** `docker node ls` as seen by `from` (a manager; it answers only while the Swarm has quorum). */
export async function nodeStatuses(from: SwarmNode): Promise<NodeStatus[]> {
  const ids = (await inNode(from, 'docker', 'node', 'ls', '-q')).split('\n').filter(Boolean);
  const out = await inNode(from, 'docker', 'node', 'inspect', '--format', '{{json .}}', ...ids);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const node = JSON.parse(line) as {
        Description: { Hostname: string };
        Status: { State: string };
        Spec: { Availability: string; Labels?: Record<string, string> };
        ManagerStatus?: { Reachability: string; Leader?: boolean };
      };
      return {
        hostname: node.Description.Hostname,
        status: node.Status.State,
        availability: node.Spec.Availability,
        managerStatus: node.ManagerStatus?.Leader ? 'leader' : (node.ManagerStatus?.Reachability ?? 'worker'),
        labels: node.Spec.Labels ?? {},
      };
    });
}

export interface TaskPlacement {
  node: string;
  state: string;
}

/** The service's tasks Swarm wants running, with the node each is on and its current state. */
export async function runningTasks(from: SwarmNode, service: string): Promise<TaskPlacement[]> {
  const out = await inNode(
    from,
    'docker',
    'service',
    'ps',
    service,
    '--filter',
    'desired-state=running',
    '--format',
    '{{.Node}}|{{.CurrentState}}',
  );
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [node = '', state = ''] = line.split('|');
      return { node, state: state.split(' ')[0] ?? '' };
    });
}
