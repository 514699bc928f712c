import type { AppContext } from './context.ts';
import { ensureBootstrapUser, ensureDemoUsers } from './domain/auth/demo-users.ts';
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
 * creates its first admin and the probes' account (role `probe`) from the environment when given.
 * The reserved synthetic vessel is created wherever the journeys run.
 */
export async function seedOnStart(ctx: AppContext): Promise<StartupReport> {
  const { config, db, logger, tokenVersions } = ctx;
  if (config.admin) await ensureBootstrapUser(db, tokenVersions, config.admin, 'admin');
  if (config.probe) await ensureBootstrapUser(db, tokenVersions, config.probe, 'probe');
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
