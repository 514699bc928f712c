import type { Db } from '../../platform/db.ts';
import { hashPassword, randomPassword } from './passwords.ts';
import type { TokenVersions } from './token-versions.ts';
import type { Role } from './tokens.ts';
import { upsertUser } from './users-store.ts';

export const demoUsers: ReadonlyArray<{ email: string; role: Role }> = [
  { email: 'admin@porttrack.local', role: 'admin' },
  { email: 'operator@porttrack.local', role: 'operator' },
  { email: 'viewer@porttrack.local', role: 'viewer' },
  // The synthetic journeys' account under `npm start` (production's comes from PORTTRACK_PROBE_EMAIL).
  { email: 'probe@porttrack.local', role: 'probe' },
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

/**
 * Production's bootstrap accounts from the environment: the first admin
 * (PORTTRACK_ADMIN_EMAIL/PASSWORD) and the synthetic probes' account (PORTTRACK_PROBE_EMAIL/
 * PASSWORD, role `probe`), which runs the scheduled journeys and the post-deploy smoke. Their
 * role is set again at every start; the token version goes to the cache (a changed role revokes).
 */
export async function ensureBootstrapUser(
  db: Db,
  versions: TokenVersions,
  user: { email: string; password: string },
  role: Role,
) {
  const { id, token_version } = await upsertUser(
    db,
    user.email.toLowerCase(),
    role,
    await hashPassword(user.password),
  );
  await versions.changed(id, token_version);
}
