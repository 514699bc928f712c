import type { AppContext } from './context.ts';
import { demoDomain, ensureDemoUsers } from './domain/auth/demo-users.ts';
import { ensureBootstrapUser, removeAccountsOf } from './domain/users/bootstrap.ts';
import { ensureSyntheticVessel } from './domain/vessels/synthetic.ts';
import { seedDemoPort } from './seed/demo-port.ts';
import { syntheticVessel } from '../lib/domain/synthetic-vessel.ts';

export interface StartupReport {
  /** Set when demo mode generated a password: start-up prints it once. */
  generatedDemoPassword?: string;
  seeded: boolean;
}

/**
 * Demo mode: the demo users, then the demo port when the database has no vessels (the seed
 * takes its own advisory lock, so replicas starting together seed once). Production instead
 * removes the demo accounts a database that once ran the demo still holds. The first admin and
 * the probes' account (role `probe`) are created from the environment when given and missing;
 * an existing one is never changed here (the users API and CLI own it).
 * The reserved synthetic vessel is created wherever the journeys run.
 */
export async function seedOnStart(ctx: AppContext): Promise<StartupReport> {
  const { config, db, logger } = ctx;
  if (config.nodeEnv === 'production') {
    const removed = await removeAccountsOf(db, demoDomain, 'demo account in a production database');
    if (removed.length) logger.warn({ removed }, 'removed the demo accounts from a production database');
  }
  for (const [account, role] of [
    [config.admin, 'admin'],
    [config.probe, 'probe'],
  ] as const) {
    if (account && (await ensureBootstrapUser(db, account, role)) === 'created')
      logger.info({ email: account.email, role }, 'created a bootstrap account from the environment');
  }
  let report: StartupReport = { seeded: false };
  if (config.seedDemo) {
    const users = await ensureDemoUsers(db, config.demoPassword);
    const vessels = await db.query<{ n: number }>(
      'vessels.count_real',
      'SELECT count(*) AS n FROM vessels WHERE mmsi <> $1',
      [syntheticVessel.mmsi],
    );
    if ((vessels[0]?.n ?? 0) === 0) {
      await seedDemoPort(db.pool, { log: (message) => logger.info(message) });
      report = { seeded: true };
    }
    if (users.generated) report.generatedDemoPassword = users.password;
  }
  // The synthetic journeys need their vessel wherever they run (npm start runs them as a demo user).
  if (config.probe || config.seedDemo) await ensureSyntheticVessel(db);
  return report;
}
