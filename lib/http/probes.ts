import type { Express, Request, Response } from 'express';
import type { Registry } from 'prom-client';
import type { Lifecycle } from '../lifecycle.ts';
import type { Logger } from '../logger.ts';

export interface DependencyCheck {
  name: string;
  check: () => Promise<void>;
}

/**
 * Mounts the endpoints every service has: /healthz (the process is alive), /readyz (its
 * dependencies answer and it is not shutting down) and /metrics.
 *
 * /readyz is public (nginx passes the API's through): it names each check and says `ok` or
 * `failed`, never why. The reason (an error message may carry host names, addresses, SQL) goes
 * to the log, once per failed check and request.
 */
export function mountProbes(
  app: Express,
  registry: Registry,
  lifecycle: Lifecycle,
  deps: DependencyCheck[],
  logger: Pick<Logger, 'warn'>,
): void {
  app.get('/healthz', (_req: Request, res: Response) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req: Request, res: Response) => {
    if (lifecycle.shuttingDown) {
      res.status(503).json({ status: 'shutting_down' });
      return;
    }
    const results = await Promise.all(
      deps.map(async (dep) => ({ name: dep.name, error: await errorOf(dep.check) })),
    );
    const failed = results.filter((r) => r.error !== undefined);
    for (const f of failed) logger.warn({ check: f.name, error: f.error }, 'readiness check failed');
    res.status(failed.length ? 503 : 200).json({
      status: failed.length ? 'unavailable' : 'ok',
      checks: Object.fromEntries(results.map((r) => [r.name, r.error === undefined ? 'ok' : 'failed'])),
    });
  });
  app.get('/metrics', async (_req: Request, res: Response) => {
    res.set('Content-Type', registry.contentType);
    res.send(await registry.metrics());
  });
}

const checkTimeoutMs = 2000;

async function errorOf(check: () => Promise<void>): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs);
      }),
    ]);
    return undefined;
  } catch (err) {
    return (err as Error).message || String(err);
  } finally {
    clearTimeout(timer);
  }
}
