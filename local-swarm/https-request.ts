// One HTTPS request to a stack's nginx, as a client from outside the Swarm sends it: the Swarm
// test's (127.0.0.1, the published port) and the multi-node test's (the public address).
import { request } from 'node:https';

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = unknown>(): T;
}

export interface HttpsTarget {
  host: string;
  port: number;
  /** The stack's self-signed certificate, trusted (none: the system's CAs). */
  ca?: string | Buffer;
  /** Skip the name check: the certificate does not name this address (a VIP, a node's address). */
  anyName?: boolean;
  /** A new connection for each request: a kept-alive socket to a dead node would hide a failover. */
  freshConnections?: boolean;
}

export interface HttpsInit {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  port?: number;
  timeoutMs?: number;
}

/** Rejects on no answer (a refused or cut connection, a timeout); any HTTP status resolves. */
export function httpsRequest(target: HttpsTarget, path: string, init: HttpsInit = {}): Promise<HttpsAnswer> {
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise<HttpsAnswer>((resolve, reject) => {
    const req = request(
      {
        host: target.host,
        port: init.port ?? target.port,
        path,
        method: init.method ?? 'GET',
        ca: target.ca,
        ...(target.anyName ? { checkServerIdentity: () => undefined } : {}),
        ...(target.freshConnections ? { agent: false } : {}),
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...init.headers },
        timeout: init.timeoutMs ?? 15_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: <T>() => JSON.parse(text) as T,
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${path}`)));
    req.on('error', reject);
    req.end(body);
  });
}
