import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP relay on 127.0.0.1 that hands each new connection to the next upstream in turn, like
 * Swarm's DNS round robin in front of replicas. `setUpstreams` swaps the list (a replica
 * restarted on a new port); a connection to an upstream that is down is closed, as a dead
 * replica would refuse it, so the client retries.
 */
export interface RoundRobinRelay {
  url: string;
  setUpstreams(ports: number[]): void;
  close(): Promise<void>;
}

export async function startRoundRobinRelay(ports: number[]): Promise<RoundRobinRelay> {
  let upstreams = [...ports];
  let next = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const port = upstreams[next++ % Math.max(1, upstreams.length)];
    if (port === undefined) return client.destroy();
    const upstream = createConnection({ host: '127.0.0.1', port });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setUpstreams(list) {
      upstreams = [...list];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
