import type { AppContext } from './context.ts';
import { ensureBootstrapUser, ensureDemoUsers } from './domain/auth/demo-users.ts';
import { seedDemoPort } from './seed/demo-port.ts';

export interface StartupReport {
  /** Set when demo mode generated a password: start-up prints it once. */
  generatedDemoPassword?: string;
  seeded: boolean;
}

/**
 * Demo mode: the demo users, then the demo port when the database has no vessels (the seed
 * takes its own advisory lock, so replicas starting together seed once). Production instead
 * creates its first admin and the probes' account from the environment when given.
 */
export async function seedOnStart(ctx: AppContext): Promise<StartupReport> {
  const { config, db, logger } = ctx;
  if (config.admin) await ensureBootstrapUser(db, config.admin, 'admin');
  if (config.probe) await ensureBootstrapUser(db, config.probe, 'operator');
  if (!config.seedDemo) return { seeded: false };
  const users = await ensureDemoUsers(db, config.demoPassword);
  const vessels = await db.query<{ n: number }>('vessels.count', 'SELECT count(*) AS n FROM vessels');
  let seeded = false;
  if ((vessels[0]?.n ?? 0) === 0) {
    await seedDemoPort(db.pool, { log: (message) => logger.info(message) });
    seeded = true;
  }
  return { seeded, ...(users.generated ? { generatedDemoPassword: users.password } : {}) };
}
