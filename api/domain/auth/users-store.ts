import type { Queryable } from '../../platform/db.ts';
import type { Role } from './tokens.ts';

export interface UserRow {
  id: number;
  email: string;
  role: Role;
  password_hash: string;
  token_version: number;
  disabled: boolean;
}

export async function findUserByEmail(q: Queryable, email: string): Promise<UserRow | undefined> {
  const rows = await q.query<UserRow>(
    'users.by_email',
    `SELECT id, email, role, password_hash, token_version, disabled_at IS NOT NULL AS disabled
       FROM users WHERE email = $1`,
    [email],
  );
  return rows[0];
}

/** Replaces a user's password hash (a reset, or an upgrade of its scrypt parameters). */
export async function setPasswordHash(q: Queryable, id: number, passwordHash: string) {
  await q.query('users.set_password', 'UPDATE users SET password_hash = $2 WHERE id = $1', [
    id,
    passwordHash,
  ]);
}

/**
 * Creates the user or resets its password and role (the demo users at every demo start, test
 * fixtures; never the bootstrap accounts, which domain/users/bootstrap.ts creates once). A role
 * it changes bumps the token version (tokens of the old role are refused); the same role keeps
 * it, so restarts and replicas do not log the account out. Returns the user's id and version.
 */
export async function upsertUser(q: Queryable, email: string, role: Role, passwordHash: string) {
  const rows = await q.query<{ id: number; token_version: number }>(
    'users.upsert',
    `INSERT INTO users (email, role, password_hash) VALUES ($1, $2, $3)
     ON CONFLICT (email) DO UPDATE SET role = EXCLUDED.role, password_hash = EXCLUDED.password_hash,
       token_version = users.token_version + CASE WHEN users.role = EXCLUDED.role THEN 0 ELSE 1 END
     RETURNING id, token_version`,
    [email, role, passwordHash],
  );
  return rows[0] as { id: number; token_version: number };
}
