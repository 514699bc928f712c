import { createServer } from 'node:net';

/** Listens on 127.0.0.1:`port` and closes again: the port it got, or undefined if it could not bind. */
function listenOnce(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });
}

/**
 * A TCP port on 127.0.0.1 that nothing listens on right now: the kernel picks one for a server
 * that closes again at once. Another process may take it before the caller binds it, so callers
 * that can listen on port 0 themselves should.
 */
export async function freePort(): Promise<number> {
  const port = await listenOnce(0);
  if (port === undefined) throw new Error('no free port on 127.0.0.1');
  return port;
}

/** Which of these ports on 127.0.0.1 cannot be bound right now (a listener or a socket holds them). */
export async function busyPorts(ports: number[]): Promise<number[]> {
  const busy: number[] = [];
  for (const port of ports) if ((await listenOnce(port)) === undefined) busy.push(port);
  return busy;
}
