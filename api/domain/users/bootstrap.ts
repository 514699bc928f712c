import type { Db } from '../../platform/db.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { Role } from '../auth/tokens.ts';
import { type Actor, recordAudit } from './audit.ts';
import { deleteUsers, findUserIdByEmail, insertUserIfAbsent, lockUsersOfDomain } from './store.ts';

/** The audit log's actor for what the API does by itself at start. */
export const startupActor: Actor = { name: 'startup' };

/**
 * A bootstrap account from the environment (the first admin, the probes' account): created with
 * the environment's password and role when no account has its email, with an audit row, and
 * otherwise left alone. From then on the users API and CLI own it: a password reset or a
 * demotion made there survives every restart. Replicas starting together create it once.
 */
export async function ensureBootstrapUser(
  db: Db,
  user: { email: string; password: string },
  role: Role,
): Promise<'created' | 'exists'> {
  const email = user.email.toLowerCase();
  if ((await findUserIdByEmail(db, email)) !== undefined) return 'exists';
  const passwordHash = await hashPassword(user.password);
  return db.tx(async (q) => {
    const created = await insertUserIfAbsent(q, email, role, passwordHash);
    if (!created) return 'exists';
    await recordAudit(q, startupActor, 'create', created, { role, from: 'environment' });
    return 'created';
  });
}

/**
 * Removes the accounts of a domain (the demo's, from a database that once ran it), each with an
 * audit row that keeps its email and role. Returns the emails removed.
 */
export async function removeAccountsOf(db: Db, domain: string, reason: string): Promise<string[]> {
  return db.tx(async (q) => {
    const accounts = await lockUsersOfDomain(q, domain);
    for (const account of accounts)
      await recordAudit(q, startupActor, 'remove', account, { role: account.role, reason });
    if (accounts.length)
      await deleteUsers(
        q,
        accounts.map((a) => a.id),
      );
    return accounts.map((a) => a.email);
  });
}
