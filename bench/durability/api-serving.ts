import { freePortInRange } from '../../stack/scripts/own-postgres.ts';
import { type ApiProcess, spawnApi } from '../api/api-process.ts';
import { apiEnv, login, prepareDatabase } from '../api/setup.ts';

/**
 * The PortTrack API as bench/api starts it (bench/api/serve.ts in a child process, `startApi`
 * from api/server.ts), pointed at the durability bench's own cluster: the end of a recovery is
 * this process answering with the restored data, not PostgreSQL opening for writes.
 * No REDIS_URL: the in-process cache, so no answer can come from a cache that outlived the disk.
 * Its port is taken in 45600-45699.
 */
export interface KnownVessel {
  id: number;
  name: string;
}

/** Migrations and the demo port (api/seed/demo-port.ts), as bench/api prepares its database. */
export async function seedDemoPortInto(databaseUrl: string): Promise<void> {
  await prepareDatabase(databaseUrl);
}

export async function startApiOn(databaseUrl: string): Promise<ApiProcess & { env: Record<string, string> }> {
  const env: Record<string, string> = {
    ...apiEnv(databaseUrl, 'unused:'),
    PORT: String(await freePortInRange(45600, 100)),
  };
  delete env.REDIS_URL;
  delete env.REDIS_KEY_PREFIX;
  const api = await spawnApi(process.execPath, env);
  return { ...api, env };
}

/**
 * Until the API answers `/readyz` 200, a demo operator logs in and `GET /api/v1/vessels/:id`
 * returns the known vessel with its name: the API serving the restored data.
 */
export async function waitUntilServing(url: string, vessel: KnownVessel, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  const pause = () => new Promise((resolve) => setTimeout(resolve, 100));
  while (Date.now() < deadline) {
    try {
      const ready = await fetch(`${url}/readyz`);
      if (ready.status !== 200) {
        last = `/readyz ${ready.status}`;
        await pause();
        continue;
      }
      const token = await login(url);
      const read = await fetch(`${url}/api/v1/vessels/${vessel.id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await read.json().catch(() => ({}))) as { id?: number | string; name?: string };
      if (read.status === 200 && Number(body.id) === vessel.id && body.name === vessel.name) return;
      last = `GET /api/v1/vessels/${vessel.id} ${read.status} ${JSON.stringify(body).slice(0, 200)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await pause();
  }
  throw new Error(`the API did not serve the restored vessel ${vessel.id} within ${timeoutMs} ms: ${last}`);
}
