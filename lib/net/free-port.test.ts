import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { busyPorts, freePort } from './free-port.ts';

describe('freePort', () => {
  it('answers a port that a server can then listen on', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

describe('busyPorts', () => {
  it('names the port a server listens on and leaves out the free one', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const held = (server.address() as { port: number }).port;
    const free = await freePort();
    expect(await busyPorts([held, free])).toEqual([held]);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await busyPorts([held])).toEqual([]);
  });
});
