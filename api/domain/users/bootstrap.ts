import type { Db } from '../../platform/db.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { Role } from '../auth/tokens.ts';
import { type Actor, recordAudit } from './audit.ts';
import { findUserIdByEmail } from './store.ts';

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
    const rows = await q.query<{ id: number; email: string }>(
      'users.insert_if_absent',
      `INSERT INTO users (email, role, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT (email) DO NOTHING RETURNING id, email`,
      [email, role, passwordHash],
    );
    const created = rows[0];
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
    const accounts = await q.query<{ id: number; email: string; role: Role }>(
      'users.of_domain',
      `SELECT id, email, role FROM users WHERE lower(email) LIKE '%@' || $1 ORDER BY id FOR UPDATE`,
      [domain],
    );
    for (const account of accounts)
      await recordAudit(q, startupActor, 'remove', account, { role: account.role, reason });
    if (accounts.length)
      await q.query('users.remove', 'DELETE FROM users WHERE id = ANY($1)', [accounts.map((a) => a.id)]);
    return accounts.map((a) => a.email);
  });
}
