import { command } from './command.ts';
import { type SwarmNode, inNode } from './nodes.ts';

/**
 * A service's command that answers every HTTP request on `port` with the name of the node its
 * task runs on (the service gets NODE={{.Node.Hostname}}). Plain Node: any image with `node`.
 */
export const nodeNameServer = (port: number) => [
  'node',
  '-e',
  `require('node:http').createServer((q, s) => s.end(process.env.NODE)).listen(${port})`,
];

/** The `docker service create` flags that give nodeNameServer() its node's name. */
const nodeNameEnv = ['--env', 'NODE={{.Node.Hostname}}'];

/**
 * Creates (detached) a dnsrr service on `network` whose tasks answer HTTP on `port` with their
 * node's name; `placement` are the flags that say how many tasks go where (`--replicas 3`,
 * `--mode global`, ...).
 */
export async function createNodeNameService(
  manager: SwarmNode,
  service: { name: string; network: string; image: string; port: number; placement: string[] },
): Promise<void> {
  await inNode(
    manager,
    'docker',
    'service',
    'create',
    '-d',
    '--name',
    service.name,
    ...service.placement,
    '--endpoint-mode',
    'dnsrr',
    '--network',
    service.network,
    ...nodeNameEnv,
    service.image,
    ...nodeNameServer(service.port),
  );
}

const reachScript = `
const [name, port] = process.argv.slice(1);
require('node:dns').promises.resolve4(name).then((ips) => Promise.all(ips.map((ip) =>
  fetch('http://' + ip + ':' + port + '/', { signal: AbortSignal.timeout(3000) })
    .then((r) => r.text()).then((answer) => ({ ip, answer }), (e) => ({ ip, error: String(e.cause?.code ?? e.message) })))))
  .then((r) => console.log(JSON.stringify(r)), (e) => console.log(JSON.stringify([{ ip: '-', error: String(e.code ?? e.message) }])));
`;

export interface Reach {
  ip: string;
  answer?: string;
  error?: string;
}

/**
 * From a container on `node`, attached to the overlay `network`: resolves `name` (e.g.
 * `tasks.SERVICE`, one address per task with dnsrr) and asks every address over HTTP.
 */
export async function reachFrom(
  node: SwarmNode,
  network: string,
  image: string,
  name: string,
  port: number,
): Promise<Reach[]> {
  const out = await inNode(
    node,
    'docker',
    'run',
    '--rm',
    '--network',
    network,
    image,
    'node',
    '-e',
    reachScript,
    name,
    String(port),
  );
  return JSON.parse(out.split('\n').at(-1) ?? '[]') as Reach[];
}

/** The names of the nodes that answered, sorted. */
export const answered = (reach: Reach[]) => reach.flatMap((r) => (r.answer ? [r.answer] : [])).sort();

/** `docker service rm` that tolerates a service already gone. */
export const removeService = (node: SwarmNode, service: string) =>
  command('docker', ['exec', node.name, 'docker', 'service', 'rm', service], { allowFailure: true });
