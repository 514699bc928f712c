// The highly available monitoring (runbooks/SCALING.md) on the multi-node test's Swarm: the stack
// file's own prometheus-a, prometheus-b and alertmanager services, with the committed
// prometheus.yml, alertmanager.yml and cluster-entrypoint.sh, their secrets made by
// generate-secrets.sh, and the replicas deploy.sh's layout choice (lib/ha-layout.sh) gives this
// Swarm; and the stack's nginx, with its committed configuration, on every edge node
// (lib/edge-layout.sh), its host folders copied from the manager by edge-files.sh, in front of the
// pair (its /prometheus/ path); and its node-exporter on every node, which NodeMissing watches; and
// PostgreSQL with its streaming standby, each on the node its label names (the standby on another
// node than the primary, as SCALING.md tells); and the notifier's two replicas, delivering to a
// Slack and SMTP stand-in (sinks.mjs) on the manager node, so a page is counted where on-call reads
// it; and the API (three replicas) with its Redis, which clients write to through the public
// address while a node is lost. The rest of the stack (exporters, Grafana, ...) is left out.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORE_SCHEMA, dump, load, mergeTag } from 'js-yaml';
import { monitoringLogin } from '../lib/monitoring-login.ts';
import { command } from '../lib/testing/swarm-nodes/command.ts';
import { type SwarmNode, inNode, writeInNode } from '../lib/testing/swarm-nodes/index.ts';
import { run } from './docker-host.ts';
import { parseSunk, sinkSecrets, standInServiceArgs } from './stand-ins.ts';

export const haStack = 'ha';
/** The monitoring password inside the manager node, for the probes. */
const probePasswordFile = '/porttrack-ha/probe-password';
export const haServices = [
  'prometheus-a',
  'prometheus-b',
  'alertmanager',
  'nginx',
  'node-exporter',
  'postgres',
  'postgres-standby',
  'notifier',
  'api',
  'redis',
] as const;
/** The Slack and SMTP stand-in beside the stack (the Swarm test's sinks.mjs), on the manager node. */
const sinksService = `${haStack}-sinks`;
/** Where the stand-in keeps its script and what it received, on the manager node. */
const sinksDir = '/porttrack-ha/sinks';
/** Where nginx's bind mounts (certificate, ACME folder, API routing file) live on its node. */
const edgeDir = '/porttrack-ha/edge';
/** stack/scripts/edge-files.sh, inside the manager node. */
const edgeFilesScript = '/porttrack-ha/edge-files.sh';
/**
 * The rule files deployed, as one: the Watchdog's (it always fires on both Prometheus) and the
 * nodes' (NodeDown, NodeMissing), whose alerts a lost node must raise.
 */
const rulesFiles = ['prometheus/rules/prometheus.rules.yml', 'prometheus/rules/node.rules.yml'];

interface Service {
  networks?: string[] | Record<string, unknown>;
  deploy?: { placement?: { constraints?: string[] } };
  volumes?: Array<string | { source?: string }>;
  configs?: Array<{ source: string; mode?: number }>;
  secrets?: string[];
}
interface StackFile {
  version: string;
  services: Record<string, Service>;
  networks: Record<string, unknown>;
  volumes: Record<string, unknown>;
  configs: Record<string, unknown>;
  secrets: Record<string, unknown>;
}

const only = <T>(all: Record<string, T>, names: Iterable<string>) =>
  Object.fromEntries([...new Set(names)].map((n) => [n, all[n] as T]));

/**
 * docker-stack.yml reduced to the HA monitoring services and the networks, volumes, configs and
 * secrets they name; anchors resolved, `${VAR:-default}` left for `docker stack deploy`. Nothing
 * else is changed.
 */
export function haStackFile(stackText: string): string {
  const stack = load(stackText, { schema: CORE_SCHEMA.withTags(mergeTag) }) as StackFile;
  const services = only(stack.services, haServices);
  const list = Object.values(services);
  const networks = list.flatMap((s) =>
    Array.isArray(s.networks) ? s.networks : Object.keys(s.networks ?? {}),
  );
  const volumes = list.flatMap((s) =>
    (s.volumes ?? []).flatMap((v) =>
      typeof v === 'string' ? [v.split(':')[0] as string] : v.source ? [v.source] : [],
    ),
  );
  // A YAML 1.2 reader takes `mode: 0555` as decimal 555; Docker's reader (YAML 1.1) as octal.
  for (const s of list)
    for (const c of s.configs ?? []) if (c.mode !== undefined) c.mode = Number.parseInt(String(c.mode), 8);
  return dump(
    {
      version: stack.version,
      services,
      networks: only(stack.networks, networks),
      // Named volumes only: nginx's bind mounts (a host path) are not declared.
      volumes: only(
        stack.volumes,
        volumes.filter((v) => v in stack.volumes),
      ),
      configs: only(
        stack.configs,
        list.flatMap((s) => (s.configs ?? []).map((c) => c.source)),
      ),
      secrets: only(
        stack.secrets,
        list.flatMap((s) => s.secrets ?? []),
      ),
    },
    { lineWidth: -1, noRefs: true },
  );
}

/**
 * What deploy.sh's layout choices export for a Swarm of `nodes` ready nodes (all managers),
 * `labelledB` of them labelled for prometheus-b, `labelledStandby` for the streaming standby
 * (PORTTRACK_STANDBY auto) and `edgeNodes` running nginx (PORTTRACK_EDGE_NODES, rolling updates).
 */
export function layoutFor(
  repoRoot: string,
  nodes: number,
  labelledB: number,
  labelledStandby: number,
  edgeNodes = 1,
): Record<string, string> {
  const lib = (name: string) => join(repoRoot, 'stack/scripts/lib', name);
  const out = run('bash', [
    '-c',
    '. "$1" && . "$2" && . "$3" && l=$(ha_layout auto "$4" "$5") && ha_replicas "$l" && standby_replicas auto "$6" &&' +
      ' edge_replicas "$7" "$4" rolling &&' +
      ' echo "$l $PORTTRACK_PROMETHEUS_B_REPLICAS $PORTTRACK_ALERTMANAGER_REPLICAS $PORTTRACK_POSTGRES_STANDBY_REPLICAS $PORTTRACK_NGINX_REPLICAS"',
    'layout',
    lib('ha-layout.sh'),
    lib('standby-layout.sh'),
    lib('edge-layout.sh'),
    String(nodes),
    String(labelledB),
    String(labelledStandby),
    String(edgeNodes),
  ]);
  const [layout = '', b = '', am = '', standby = '', nginx = ''] = out.split(' ');
  return {
    layout,
    PORTTRACK_PROMETHEUS_B_REPLICAS: b,
    PORTTRACK_ALERTMANAGER_REPLICAS: am,
    PORTTRACK_POSTGRES_STANDBY_REPLICAS: standby,
    PORTTRACK_NGINX_REPLICAS: nginx,
  };
}

/** `psql -Atc sql` as postgres, in the running task of `service` (postgres, postgres-standby) on `node`. */
export async function haPsql(
  node: SwarmNode,
  service: string,
  sql: string,
  database = 'postgres',
): Promise<string> {
  const label = `label=com.docker.swarm.service.name=${haStack}_${service}`;
  const [container] = (await inNode(node, 'docker', 'ps', '-q', '-f', label)).split('\n').filter(Boolean);
  if (!container) throw new Error(`no running ${haStack}_${service} container on ${node.name}`);
  const out = await inNode(
    node,
    'docker',
    'exec',
    container,
    'psql',
    '-U',
    'postgres',
    '-d',
    database,
    '-Atc',
    sql,
  );
  return out.trim();
}

/** Rule files as one (the stack mounts one): their groups, in order. */
const mergedRules = (texts: string[]) =>
  dump({ groups: texts.flatMap((t) => (load(t) as { groups: unknown[] }).groups) }, { lineWidth: -1 });

/**
 * nginx's host folders on `manager`: a self-signed certificate (tls-self-signed.sh), an empty ACME
 * folder and the API routing file deploy.sh writes (api-routing.sh), as on a manager set up by the
 * deployment guide; then copied to each other edge node with SCALING.md's command
 * (`edge-files.sh | ssh root@NODE tar -xpf - -C /`), docker exec standing in for ssh.
 */
async function prepareEdge(
  stackDir: string,
  manager: SwarmNode,
  others: SwarmNode[],
): Promise<{ folders: Record<string, string>; certificate: string }> {
  const tls = mkdtempSync(join(tmpdir(), 'porttrack-ha-tls-'));
  let certificate: string;
  try {
    run('bash', [join(stackDir, 'scripts/tls-self-signed.sh'), tls]);
    certificate = readFileSync(join(tls, 'fullchain.pem'), 'utf8');
    for (const file of ['fullchain.pem', 'privkey.pem', 'chain.pem'])
      await writeInNode(manager, `${edgeDir}/tls/${file}`, readFileSync(join(tls, file), 'utf8'));
    run('bash', [
      '-c',
      'stack=$1 live_dir=$2 && . "$3" && write_routing api',
      'routing',
      haStack,
      join(tls, 'live'),
      join(stackDir, 'scripts/api-routing.sh'),
    ]);
    await writeInNode(
      manager,
      `${edgeDir}/live/api-service.conf`,
      readFileSync(join(tls, 'live/api-service.conf'), 'utf8'),
    );
    await inNode(manager, 'mkdir', '-p', `${edgeDir}/acme`);
  } finally {
    rmSync(tls, { recursive: true, force: true });
  }
  const folders = {
    PORTTRACK_TLS_DIR: `${edgeDir}/tls`,
    PORTTRACK_ACME_DIR: `${edgeDir}/acme`,
    PORTTRACK_NGINX_LIVE_DIR: `${edgeDir}/live`,
  };
  await writeInNode(manager, edgeFilesScript, readFileSync(join(stackDir, 'scripts/edge-files.sh'), 'utf8'));
  const env = Object.entries(folders).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  for (const other of others)
    run('bash', [
      '-c',
      'set -o pipefail; docker exec "${@:4}" "$1" bash "$3" | docker exec -i "$2" tar -xpf - -C /',
      'edge-files',
      manager.name,
      other.name,
      edgeFilesScript,
      ...env,
    ]);
  return { folders, certificate };
}

/**
 * Deploys the HA monitoring on `manager` as stack `ha`, with the stand-in images and the replicas
 * given (PORTTRACK_NGINX_REPLICAS among them), nginx's host folders on every node of `edgeNodes`
 * (the manager's copied to the others), the Slack and SMTP stand-in on `manager`, the notifier and
 * the stand-in in our image `appImage` (name:tag).
 */
export async function deployHaMonitoring(
  repoRoot: string,
  manager: SwarmNode,
  edgeNodes: SwarmNode[],
  appImage: string,
  env: Record<string, string>,
): Promise<HaClient> {
  const [image, version] = appImage.split(':') as [string, string];
  const stackDir = join(repoRoot, 'stack');
  const dir = '/porttrack-ha';
  const stackFile = haStackFile(readFileSync(join(stackDir, 'docker-stack.yml'), 'utf8'));
  await writeInNode(manager, `${dir}/docker-stack.yml`, stackFile);
  // The secrets the reduced stack file declares (each external, named as create-secrets.sh names it).
  const secrets = Object.keys((load(stackFile) as StackFile).secrets);
  for (const file of [
    'prometheus/prometheus.yml',
    'alertmanager/alertmanager.yml',
    'alertmanager/cluster-entrypoint.sh',
    'nginx/nginx.conf',
    'nginx/proxy-forwarded.conf',
    'postgres/monitor-role.sql',
    'postgres/porttrack-roles.sh',
  ])
    await writeInNode(manager, `${dir}/${file}`, readFileSync(join(stackDir, file), 'utf8'));
  await writeInNode(
    manager,
    `${dir}/rules.yml`,
    mergedRules(rulesFiles.map((f) => readFileSync(join(stackDir, f), 'utf8'))),
  );
  // The secrets as create-secrets.sh makes them: generated passwords, the bcrypt web config.
  const secretsDir = mkdtempSync(join(tmpdir(), 'porttrack-ha-secrets-'));
  let client: HaClient;
  try {
    // The channels the notifier delivers to: the stand-in's, as the Swarm test's stack gets them.
    for (const [file, content] of Object.entries(sinkSecrets(sinksService)))
      writeFileSync(join(secretsDir, file), content);
    run('bash', [
      '-c',
      '. "$1" && generate_passwords "$2" >/dev/null && derive_database_urls "$2" >/dev/null && derive_monitoring_web_config "$2" "$3" >/dev/null',
      'secrets',
      join(stackDir, 'scripts/generate-secrets.sh'),
      secretsDir,
      monitoringLogin.username,
    ]);
    for (const name of secrets)
      await command('docker', ['exec', '-i', manager.name, 'docker', 'secret', 'create', name, '-'], {
        input: readFileSync(join(secretsDir, name), 'utf8'),
      });
    const password = readFileSync(join(secretsDir, 'monitoring_password'), 'utf8').trim();
    // For the probes (haView), mounted into their container: never on a command line.
    await writeInNode(manager, probePasswordFile, password);
    const edge = await prepareEdge(
      stackDir,
      manager,
      edgeNodes.filter((n) => n !== manager),
    );
    client = {
      certificate: edge.certificate,
      adminPassword: readFileSync(join(secretsDir, 'api_admin_password'), 'utf8').trim(),
    };
    const vars = Object.entries({
      ...env,
      ...edge.folders,
      PORTTRACK_STACK: haStack,
      PORTTRACK_IMAGE: image,
      PORTTRACK_VERSION: version,
      PORTTRACK_API_VERSION: version,
      PROMETHEUS_RULES_FILE: './rules.yml',
    }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    await command('docker', [
      'exec',
      '-w',
      dir,
      ...vars,
      manager.name,
      'docker',
      'stack',
      'deploy',
      '--resolve-image',
      'never',
      '-c',
      'docker-stack.yml',
      haStack,
    ]);
  } finally {
    rmSync(secretsDir, { recursive: true, force: true });
  }
  await startSinks(manager, appImage);
  return client;
}

/** What a client of the deployed API needs: the certificate to trust, the admin's password. */
export interface HaClient {
  certificate: string;
  adminPassword: string;
}

/**
 * The Slack and SMTP stand-in (local-swarm/sinks.mjs) as a one-task service on `node`'s monitoring
 * overlay, in our image, writing what it receives under sinksDir on that node.
 */
async function startSinks(node: SwarmNode, image: string): Promise<void> {
  await writeInNode(
    node,
    `${sinksDir}/sinks.mjs`,
    readFileSync(join(import.meta.dirname, 'sinks.mjs'), 'utf8'),
  );
  // The image runs as a non-root user: it must be able to write its records.
  await inNode(
    node,
    'sh',
    '-c',
    `mkdir -p ${sinksDir}/out && chmod 755 ${sinksDir} && chmod 777 ${sinksDir}/out`,
  );
  await inNode(
    node,
    'docker',
    ...standInServiceArgs({
      name: sinksService,
      network: `${haStack}_monitoring`,
      dir: sinksDir,
      image,
      script: 'sinks.mjs',
      constraints: [`node.hostname == ${node.name}`],
    }),
  );
}

/** What the stand-in received on `kind` (Slack posts, or SMTP messages), read on its node. */
export async function haSunk(
  node: SwarmNode,
  kind: 'slack' | 'smtp',
): Promise<Array<Record<string, unknown>>> {
  return parseSunk(await inNode(node, 'sh', '-c', `cat ${sinksDir}/out/${kind}.jsonl 2>/dev/null || true`));
}

/** One alert (by name) as the HA monitoring holds it. */
export interface HaView {
  prometheus: Record<
    string,
    | {
        replica?: string;
        cluster?: string;
        /** The labels of each firing alert of that name. */
        firing: Array<Record<string, string>>;
        sent: number;
      }
    | { error: string }
  >;
  alertmanagers: Array<{
    ip: string;
    peers?: number;
    /** How many alerts of that name this member holds. */
    alerts?: number;
    /** When a Prometheus last sent the (first) alert to this member (Alertmanager's updatedAt). */
    updatedAt?: string;
    /** Each group holding the alert: the receiver it goes to and how many alerts it holds. */
    groups?: Array<{ receiver: string; alerts: number }>;
    error?: string;
  }>;
}

/**
 * Runs in a container on the stack's monitoring overlay, for the alert named as its argument:
 * each Prometheus' external labels (its running config), the alert's firing instances and how
 * many alerts it has sent; each Alertmanager task's cluster peers and how many of those alerts
 * and groups it holds.
 */
const probeScript = `
const password = require('node:fs').readFileSync('/run/probe-password', 'utf8').trim();
const auth = 'Basic ' + Buffer.from('${monitoringLogin.username}:' + password).toString('base64');
const get = async (url) => { const r = await fetch(url, { headers: { authorization: auth }, signal: AbortSignal.timeout(5000) }); if (!r.ok) throw new Error(url + ' ' + r.status); return r.json(); };
const alertname = process.argv[1];
const filter = encodeURIComponent('alertname="' + alertname + '"');
const label = (yaml, name) => (yaml.match(new RegExp('\\\\n    ' + name + ": '?([^'\\\\n]*)")) || [])[1];
(async () => {
  const view = { prometheus: {}, alertmanagers: [] };
  for (const p of ['prometheus-a', 'prometheus-b']) {
    try {
      const yaml = (await get('http://' + p + ':9090/api/v1/status/config')).data.yaml;
      const alerts = (await get('http://' + p + ':9090/api/v1/alerts')).data.alerts;
      const sent = (await get('http://' + p + ':9090/api/v1/query?query=' + encodeURIComponent('sum(prometheus_notifications_sent_total)'))).data.result;
      view.prometheus[p] = { replica: label(yaml, 'replica'), cluster: label(yaml, 'cluster'),
        firing: alerts.filter((a) => a.labels.alertname === alertname && a.state === 'firing').map((a) => a.labels),
        sent: Number(sent[0]?.value[1] ?? 0) };
    } catch (e) { view.prometheus[p] = { error: String(e.message || e) }; }
  }
  const ips = await require('node:dns').promises.resolve4('tasks.alertmanager').catch(() => []);
  for (const ip of ips.sort()) {
    try {
      const status = await get('http://' + ip + ':9093/api/v2/status');
      const alerts = await get('http://' + ip + ':9093/api/v2/alerts?filter=' + filter);
      const groups = await get('http://' + ip + ':9093/api/v2/alerts/groups?filter=' + filter);
      view.alertmanagers.push({ ip, peers: (status.cluster.peers || []).length, alerts: alerts.length, updatedAt: alerts[0]?.updatedAt, groups: groups.map((g) => ({ receiver: g.receiver.name, alerts: g.alerts.length })) });
    } catch (e) { view.alertmanagers.push({ ip, error: String(e.message || e) }); }
  }
  console.log(JSON.stringify(view));
})();
`;

/** Lets haView() run on `to` too (a manager other than the one deployed from, which may be lost). */
export async function shareProbeLogin(from: SwarmNode, to: SwarmNode): Promise<void> {
  await writeInNode(to, probePasswordFile, await inNode(from, 'cat', probePasswordFile));
}

/** How the HA monitoring holds `alertname`, seen from the stack's monitoring overlay, asked on `manager`. */
export async function haView(manager: SwarmNode, image: string, alertname = 'Watchdog'): Promise<HaView> {
  const out = await inNode(
    manager,
    'docker',
    'run',
    '--rm',
    '--network',
    `${haStack}_monitoring`,
    '-v',
    `${probePasswordFile}:/run/probe-password:ro`,
    '--entrypoint',
    'node',
    image,
    '-e',
    probeScript,
    alertname,
  );
  return JSON.parse(out.split('\n').at(-1) ?? '{}') as HaView;
}

/** What nginx answered on `path`: its status and, for a Prometheus config, the replica that served it. */
export interface EdgeAnswer {
  status: number;
  replica?: string;
}

/**
 * GET https://ADDRESS/prometheus/api/v1/status/config from this machine, as an SRE's browser asks
 * nginx's published port (a node's address, or the public address keepalived holds), with the
 * monitoring login (read on `manager`; handed to curl on its standard input, never on a command
 * line). A second to connect: a dead node's address does not answer at all. `replica` is the
 * external label of the Prometheus that answered; status 0 is no answer.
 */
export async function prometheusThroughNginx(manager: SwarmNode, address: string): Promise<EdgeAnswer> {
  const password = (await inNode(manager, 'cat', probePasswordFile)).trim();
  const res = await command(
    'curl',
    [
      '-sk',
      '--connect-timeout',
      '1',
      '--max-time',
      '10',
      '-K',
      '-',
      '-w',
      '\n%{http_code}',
      `https://${address}/prometheus/api/v1/status/config`,
    ],
    { input: `user = "${monitoringLogin.username}:${password}"\n`, allowFailure: true },
  );
  const lines = res.stdout.split('\n');
  const status = Number(lines.at(-1));
  const body = lines.slice(0, -1).join('\n');
  if (status !== 200) return { status };
  const yaml = (JSON.parse(body) as { data: { yaml: string } }).data.yaml;
  return { status, replica: /\n {4}replica: '?([^'\n]*)/.exec(yaml)?.[1] };
}
