import type { Random } from '../seed/random.ts';
import type { ApiClient } from './api-client.ts';
import type { World } from './world.ts';

/** One of the reads a port operator's screens make, so read traffic and caches move too. */
export async function readRandomly(api: ApiClient, random: Random, world: World, now: Date): Promise<void> {
  const vessel = world.vessels.length ? random.pick(world.vessels) : undefined;
  const from = new Date(now.getTime() - 3_600_000).toISOString();
  const reads = [
    `/vessels?limit=20&offset=${random.int(0, Math.max(0, world.vessels.length - 20))}`,
    `/vessels?type=${random.pick(['container', 'bulk', 'tanker', 'roro', 'passenger'])}`,
    `/positions/latest?bbox=-0.45,39.3,-0.1,39.6`,
    `/positions/latest`,
    `/port-calls?status=${random.pick(['expected', 'at_anchorage', 'berthed'])}`,
    `/cargo-operations?status=in_progress`,
    `/berths`,
    `/shifts?at=${encodeURIComponent(now.toISOString())}`,
    ...(vessel
      ? [
          `/vessels/${vessel.id}`,
          `/vessels/${vessel.id}/track?from=${encodeURIComponent(from)}&to=${encodeURIComponent(now.toISOString())}`,
        ]
      : []),
  ];
  await api.get(random.pick(reads));
}
