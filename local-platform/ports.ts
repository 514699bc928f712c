import { freePort } from '../lib/net/free-port.ts';

/**
 * Where each part of the local platform listens. With a base port every part gets base + its
 * offset, so a second copy runs beside the first with another base (PORTTRACK_PORT_BASE);
 * base 0 picks free ports (the e2e suite).
 */
export const portOffsets = {
  api: 0,
  exporters: 1,
  notifier: 2,
  synthetics: 3,
  prometheus: 4,
  alertmanager: 5,
  postgres: 6,
  node: 7,
  postgresExporter: 8,
  redisExporter: 9,
  blackboxExporter: 10,
} as const;

export type PortName = keyof typeof portOffsets;

export const defaultPortBase = 3000;

/** The port for a part, or 0 (pick a free one) when the base is 0. */
export const portFor = (base: number, name: PortName) => (base === 0 ? 0 : base + portOffsets[name]);

export function parsePortBase(value: string | undefined): number {
  if (value === undefined || value === '') return defaultPortBase;
  const base = Number(value);
  const highest = 65535 - Math.max(...Object.values(portOffsets));
  if (!Number.isInteger(base) || base < 0 || (base > 0 && base < 1024) || base > highest) {
    throw new Error(
      `PORTTRACK_PORT_BASE=${value}: expected 0 (free ports) or a port from 1024 to ${highest}`,
    );
  }
  return base;
}

/** Every part's port from the base; a 0 (base 0) becomes a free port, never one taken twice. */
export async function allocatePorts(base: number): Promise<Record<PortName, number>> {
  const ports = {} as Record<PortName, number>;
  const taken = new Set<number>();
  for (const name of Object.keys(portOffsets) as PortName[]) {
    let port = portFor(base, name);
    while (port === 0 || taken.has(port)) port = await freePort();
    taken.add(port);
    ports[name] = port;
  }
  return ports;
}
