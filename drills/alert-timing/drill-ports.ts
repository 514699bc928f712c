import { busyPorts } from '../../lib/net/free-port.ts';

/**
 * Ports for the live durability drills of `npm test`, which run beside each other (files in
 * parallel) on a machine whose other jobs keep to ranges of their own: each drill file owns a
 * block of ten from ALERT_DRILL_PORT_BASE (default 45300), so two drills never reach for the
 * same port, and the block numbers live here, in one list.
 */
export const drillBlocks = {
  walArchiving: 0,
  walArchiveBehind: 1,
  backupTooOld: 2,
} as const;

const blockSize = 10;

export function drillPortBase(): number {
  const raw = process.env.ALERT_DRILL_PORT_BASE ?? '45300';
  const base = Number(raw);
  const top = base + blockSize * Object.keys(drillBlocks).length - 1;
  if (!Number.isInteger(base) || base < 1024 || top > 65535)
    throw new Error(
      `ALERT_DRILL_PORT_BASE=${raw}: expected a port from 1024 on, with room for ${top - base + 1}`,
    );
  return base;
}

/**
 * The first `count` ports of the drill's block that nothing holds right now (a suite on a
 * kernel-chosen port may sit in the block for a while); fails naming the busy ones and the
 * variable that moves every block.
 */
export async function drillPorts(drill: keyof typeof drillBlocks, count: number): Promise<number[]> {
  const first = drillPortBase() + blockSize * drillBlocks[drill];
  const block = Array.from({ length: blockSize }, (_, i) => first + i);
  const busy = new Set(await busyPorts(block));
  const free = block.filter((port) => !busy.has(port));
  if (free.length < count) {
    throw new Error(
      `the ${drill} drill needs ${count} free ports in ${first}-${first + blockSize - 1}, but ${[...busy].join(', ')} are taken: ` +
        'stop what holds them, or move every drill block with ALERT_DRILL_PORT_BASE',
    );
  }
  return free.slice(0, count);
}
