import { connect, createServer, type Server, type Socket } from 'node:net';

export type RelayMode = 'up' | 'down' | 'slow' | 'stall-new';

export interface TcpRelay {
  /** host:port clients connect to. */
  readonly port: number;
  /**
   * up: forward both ways. down: cut every open connection and refuse new ones (as a stopped
   * server would). slow: forward, but hold each chunk from the server for `delayMs`. stall-new:
   * connections opened from now on get the server's chunks `delayMs` late for their whole life
   * (a handshake that cannot finish in time), those already open forward as before.
   */
  set(mode: RelayMode, delayMs?: number): void;
  close(): Promise<void>;
}

/**
 * A TCP relay the test controls, in front of a real server (PostgreSQL, Redis): faults are made
 * here, so the machine's shared services are never stopped. It listens on `listenPort`, or on a
 * free port when that is 0 (the default).
 */
export async function startTcpRelay(
  target: { host: string; port: number },
  listenPort = 0,
): Promise<TcpRelay> {
  let mode: RelayMode = 'up';
  let delayMs = 0;
  const pairs = new Set<[Socket, Socket]>();
  const cutAll = () => {
    for (const [a, b] of [...pairs]) {
      a.destroy();
      b.destroy();
    }
  };
  const server: Server = createServer((client) => {
    if (mode === 'down') {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    const stalledMs = mode === 'stall-new' ? delayMs : 0;
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.on('data', (chunk) => upstream.write(chunk));
    // Chunks held in slow mode keep their order when the mode changes: none overtakes another.
    let releaseAt = 0;
    upstream.on('data', (chunk) => {
      const now = Date.now();
      releaseAt = Math.max(releaseAt, now + (mode === 'slow' ? delayMs : stalledMs));
      if (releaseAt <= now) client.write(chunk);
      else setTimeout(() => client.writable && client.write(chunk), releaseAt - now);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    set(next, ms = 0) {
      mode = next;
      delayMs = ms;
      if (next === 'down') cutAll();
    },
    close() {
      cutAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
