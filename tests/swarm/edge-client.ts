import { join } from 'node:path';
import { docker, run } from '../../local-swarm/docker-host.ts';
import type { TestStack } from '../../local-swarm/test-stack.ts';

export interface EdgeAnswer {
  status: number;
  text: string;
  json<T = unknown>(): T;
}

export interface NginxLogLine {
  client_ip: string;
  method: string;
  path: string;
  status: number;
  forwarded_for: string;
  [field: string]: unknown;
}

/**
 * Requests to nginx from a chosen client address (127.0.0.2, 127.0.0.3, ...), with curl's
 * --interface, as distinct clients on this machine reach the stack.
 *
 * The published port is the way in. Docker may hand a connection from the host's own loopback to
 * the container from its gateway address (docker-proxy, or hairpin NAT), so that every loopback
 * client looks alike to nginx, where a client from another machine keeps its address. Which of
 * the two this host does is measured, not assumed (chooseRoute()): where loopback clients are
 * rewritten, the requests go from inside nginx's own network namespace (nsenter with the host's
 * curl) to its 443, the same server block, and `route` says so. Seen here (Docker 20.10, host-mode
 * ports of a single-node Swarm): every loopback client reached nginx as 172.18.0.1, the
 * docker_gwbridge gateway.
 */
export class EdgeClient {
  route: 'published port' | "nginx's network namespace" = 'published port';

  constructor(private readonly stack: TestStack) {}

  /** Sends one request from `address` and decides the route by the client_ip nginx logged for it. */
  async chooseRoute(address: string): Promise<string> {
    const path = `/edge-route-check-${Date.now()}`;
    const since = new Date(Date.now() - 1000).toISOString();
    this.request(address, path);
    const line = await this.logLine(path, since);
    if (line?.client_ip === address) return `nginx saw ${address} through the published port`;
    this.route = "nginx's network namespace";
    return `through the published port nginx saw ${line?.client_ip ?? 'no log line'} for a client at ${address} (Docker rewrites loopback clients of a published port); the edge checks run from nginx's own network namespace to its port 443`;
  }

  request(
    address: string,
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
  ): EdgeAnswer {
    const inNamespace = this.route !== 'published port';
    const url = `https://127.0.0.1:${inNamespace ? 443 : this.stack.httpsPort}${path}`;
    const args = [
      '-sS',
      '--max-time',
      '15',
      '--interface',
      address,
      '--cacert',
      join(this.stack.tlsDir, 'fullchain.pem'),
    ];
    args.push('-X', init.method ?? 'GET', '-w', '\n%{http_code}');
    for (const [name, value] of Object.entries(init.headers ?? {})) args.push('-H', `${name}: ${value}`);
    if (init.body !== undefined)
      args.push('-H', 'content-type: application/json', '--data-binary', JSON.stringify(init.body));
    args.push(url);
    const out = inNamespace
      ? run('nsenter', ['-t', this.nginxPid(), '-n', 'curl', ...args])
      : run('curl', args);
    const cut = out.lastIndexOf('\n');
    const text = out.slice(0, Math.max(0, cut));
    return { status: Number(out.slice(cut + 1)), text, json: <T>() => JSON.parse(text) as T };
  }

  /** nginx's JSON access-log line for `path` (the first one since `since`), waiting for it briefly. */
  async logLine(path: string, since: string): Promise<NginxLogLine | undefined> {
    const [container] = this.stack.containers('nginx');
    for (let i = 0; i < 20; i++) {
      const out = run('docker', ['logs', '--since', since, container!]);
      for (const raw of out.split('\n')) {
        if (!raw.startsWith('{')) continue;
        try {
          const line = JSON.parse(raw) as NginxLogLine;
          if (line.path === path) return line;
        } catch {
          /* not ours */
        }
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    return undefined;
  }

  private nginxPid(): string {
    const [container] = this.stack.containers('nginx');
    return docker('inspect', '--format', '{{.State.Pid}}', container!);
  }
}
