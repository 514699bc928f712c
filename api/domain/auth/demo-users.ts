import type { Db } from '../../platform/db.ts';
import { hashPassword, randomPassword } from './passwords.ts';
import type { Role } from './tokens.ts';
import { upsertUser } from '../users/store.ts';

/** The demo accounts' domain: a production start removes its accounts (startup-seed.ts). */
export const demoDomain = 'porttrack.local';

export const demoUsers: ReadonlyArray<{ email: string; role: Role }> = [
  { email: `admin@${demoDomain}`, role: 'admin' },
  { email: `operator@${demoDomain}`, role: 'operator' },
  { email: `viewer@${demoDomain}`, role: 'viewer' },
  // The synthetic journeys' account under `npm start` (production's comes from PORTTRACK_PROBE_EMAIL).
  { email: `probe@${demoDomain}`, role: 'probe' },
];

/**
 * Demo mode: the three demo users get the configured password, or a fresh random one that is
 * returned so start-up can print it once (it is never logged).
 */
export async function ensureDemoUsers(db: Db, configured: string | undefined) {
  const password = configured ?? randomPassword();
  const hash = await hashPassword(password);
  for (const user of demoUsers) await upsertUser(db, user.email, user.role, hash);
  return { password, generated: configured === undefined };
}
