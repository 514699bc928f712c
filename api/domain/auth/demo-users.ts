import type { Db } from '../../platform/db.ts';
import { hashPassword, randomPassword } from './passwords.ts';
import type { Role } from './tokens.ts';
import { upsertUser } from './users-store.ts';

export const demoUsers: ReadonlyArray<{ email: string; role: Role }> = [
  { email: 'admin@porttrack.local', role: 'admin' },
  { email: 'operator@porttrack.local', role: 'operator' },
  { email: 'viewer@porttrack.local', role: 'viewer' },
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

/** Production's first admin, from PORTTRACK_ADMIN_EMAIL and PORTTRACK_ADMIN_PASSWORD(_FILE). */
export async function ensureAdmin(db: Db, admin: { email: string; password: string }) {
  await upsertUser(db, admin.email.toLowerCase(), 'admin', await hashPassword(admin.password));
}
