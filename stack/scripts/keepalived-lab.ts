// Two "nginx nodes" on one machine for keepalived-vip.test.ts: each a network namespace on the
// bridge ptka-br0 (10.213.0.0/24, the host at .1), running Debian's nginx (a page naming the node
// and the stack's /nginx-health path) and Debian's keepalived with the config
// keepalived-config.sh renders. Nothing outside the ptka-* names and the lab's folder is touched.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../lib/generated.ts';

export const bridge = 'ptka-br0';
export const hostAddress = '10.213.0.1';
export const vip = '10.213.0.100';
export const vrrpPassword = 'ptka-pw1';

export interface LabNode {
  name: string; // the namespace, and the node's name on its page
  address: string;
  hostVeth: string;
  priority: number;
}

export const nodes: LabNode[] = [
  { name: 'ptka-n1', address: '10.213.0.11', hostVeth: 'ptka-v1', priority: 150 },
  { name: 'ptka-n2', address: '10.213.0.12', hostVeth: 'ptka-v2', priority: 100 },
];

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: 'pipe' });
/** For clean-up: what is not there is fine. */
const tryRun = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' });

const namespaces = () =>
  run('ip', ['netns', 'list'])
    .split('\n')
    .map((l) => l.split(' ')[0]);
const pidsIn = (ns: string) =>
  namespaces().includes(ns) ? run('ip', ['netns', 'pids', ns]).split('\n').filter(Boolean).map(Number) : [];
const commOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
};

/** SIGKILL, as a machine that loses power: nothing gets to say goodbye (keepalived's priority-0 advert). */
function killAll(pids: number[]) {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

// Where dockerd has run, the FORWARD chain's policy is DROP and bridged frames pass through it
// (br_netfilter): the nodes' VRRP adverts to each other would be dropped and both would hold the
// address. Docker lets its own bridges' traffic through the same way.
const forwardOnBridge = `FORWARD -i ${bridge} -o ${bridge} -m comment --comment ptka-lab -j ACCEPT`.split(
  ' ',
);

/** Removes every ptka-* thing, this run's or a crashed run's (its folders under the temp folder too). */
export function removeLab() {
  for (const entry of readdirSync(tmpdir())) {
    if (entry.startsWith('ptka-')) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
  for (const node of nodes) {
    killAll(pidsIn(node.name));
    tryRun('ip', ['netns', 'del', node.name]);
    tryRun('ip', ['link', 'del', node.hostVeth]);
  }
  tryRun('ip', ['link', 'del', bridge]);
  // Every copy of the rule createBridge() inserts (a crashed run's too).
  while (tryRun('iptables', ['-D', ...forwardOnBridge]).status === 0) continue;
}

export function createBridge() {
  run('ip', ['link', 'add', bridge, 'type', 'bridge']);
  run('ip', ['addr', 'add', `${hostAddress}/24`, 'dev', bridge]);
  run('ip', ['link', 'set', bridge, 'up']);
  run('iptables', ['-I', forwardOnBridge[0]!, '1', ...forwardOnBridge.slice(1)]);
}

const nginxConf = (dir: string, node: LabNode) => `daemon off;
pid ${dir}/run/nginx.pid;
error_log ${dir}/nginx-error.log;
worker_processes 1;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 80;
    # The stack's nginx.conf serves the same health path on port 80.
    location = /nginx-health { return 200 "ok\\n"; }
    location / { return 200 "${node.name}\\n"; }
  }
}
`;

/** Renders the node's keepalived.conf with the stack's script, and keepalived's own check of it. */
export function renderKeepalived(
  dir: string,
  node: LabNode,
  options: { peers?: string[]; healthUrl?: string } = {},
) {
  const out = join(dir, 'keepalived.conf');
  const peers = options.peers ?? nodes.filter((n) => n !== node).map((n) => n.address);
  const args = ['--vip', `${vip}/24`, '--interface', 'eth0', '--priority', String(node.priority)];
  args.push('--src', node.address, ...peers.flatMap((p) => ['--peer', p]), '--out', out);
  if (options.healthUrl) args.push('--health-url', options.healthUrl);
  // As on a node: the shared password in a root-only file, not on the command line.
  const passwordFile = join(dir, 'vrrp-password');
  writeFileSync(passwordFile, `${vrrpPassword}\n`, { mode: 0o600 });
  execFileSync(join(repoRoot, 'stack/scripts/keepalived-config.sh'), args, {
    stdio: 'pipe',
    env: { ...process.env, KEEPALIVED_PASSWORD_FILE: passwordFile },
  });
  run('keepalived', ['--config-test', '-f', out]);
  return out;
}

export interface RunningNode {
  node: LabNode;
  dir: string;
  processes: ChildProcess[];
}

function spawnIn(node: LabNode, log: string, command: string[]) {
  const fd = openSync(log, 'a');
  const child = spawn('ip', ['netns', 'exec', node.name, ...command], { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return child;
}

export function startNginx(running: RunningNode) {
  const { dir, node } = running;
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConf(dir, node));
  running.processes.push(
    spawnIn(node, join(dir, 'nginx.log'), [
      'nginx',
      '-p',
      dir,
      '-c',
      conf,
      '-e',
      join(dir, 'nginx-error.log'),
    ]),
  );
}

/** The node as a machine booting: its namespace and link, nginx, then keepalived (-n: in the foreground). */
export function startNode(base: string, node: LabNode, keepalivedConf?: string): RunningNode {
  const dir = join(base, node.name);
  // Pid files live in run/, emptied at each boot as /run is: a killed keepalived's stale pid
  // file naming a pid since reused makes the next one exit ("daemon is already running").
  const runDir = join(dir, 'run');
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const ns = ['netns', 'exec', node.name];
  run('ip', ['netns', 'add', node.name]);
  // A machine keeps its NIC's MAC across reboots; a new one would leave its peer's ARP entry
  // pointing at the old one, and the adverts lost for seconds (a split brain the test would see).
  const mac = `02:00:0a:d5:00:${Number(node.address.split('.')[3]).toString(16).padStart(2, '0')}`;
  run('ip', [
    'link',
    'add',
    node.hostVeth,
    'type',
    'veth',
    'peer',
    'name',
    'eth0',
    'address',
    mac,
    'netns',
    node.name,
  ]);
  run('ip', ['link', 'set', node.hostVeth, 'master', bridge, 'up']);
  run('ip', [...ns, 'ip', 'link', 'set', 'lo', 'up']);
  run('ip', [...ns, 'ip', 'addr', 'add', `${node.address}/24`, 'dev', 'eth0']);
  run('ip', [...ns, 'ip', 'link', 'set', 'eth0', 'up']);
  const running: RunningNode = { node, dir, processes: [] };
  startNginx(running);
  const conf = keepalivedConf ?? renderKeepalived(dir, node);
  const pid = (name: string) => join(runDir, `${name}.pid`);
  running.processes.push(
    spawnIn(node, join(dir, 'keepalived.log'), [
      'keepalived',
      '-n',
      '-l',
      '-D',
      '-P',
      '-f',
      conf,
      '-p',
      pid('keepalived'),
      '-r',
      pid('vrrp'),
      '-c',
      pid('checkers'),
    ]),
  );
  return running;
}

/**
 * The machine is lost: its link goes first, so that no goodbye gets out (keepalived's VRRP child
 * sends a priority-0 advert when its parent dies before it), then every process in it is killed.
 */
export function loseNode(node: LabNode) {
  run('ip', ['link', 'del', node.hostVeth]);
  killAll(pidsIn(node.name));
  run('ip', ['netns', 'del', node.name]);
}

/** nginx alone dies; keepalived stays up. */
export function killNginx(node: LabNode) {
  const pids = pidsIn(node.name).filter((pid) => commOf(pid) === 'nginx');
  if (pids.length === 0) throw new Error(`no nginx running in ${node.name}`);
  killAll(pids);
}

/** The nodes whose eth0 carries the virtual address now. */
export function vipHolders(): LabNode[] {
  const present = namespaces();
  return nodes.filter(
    (n) =>
      present.includes(n.name) &&
      run('ip', ['-n', n.name, '-4', '-o', 'addr', 'show', 'dev', 'eth0']).includes(` ${vip}/`),
  );
}

export const keepalivedLog = (running: RunningNode) => {
  const log = join(running.dir, 'keepalived.log');
  return existsSync(log) ? readFileSync(log, 'utf8') : '';
};
