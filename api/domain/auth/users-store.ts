import type { Queryable } from '../../platform/db.ts';
import type { Role } from './tokens.ts';

export interface UserRow {
  id: number;
  email: string;
  role: Role;
  password_hash: string;
  failed_logins: number;
  locked_until: Date | null;
}

export async function findUserByEmail(q: Queryable, email: string): Promise<UserRow | undefined> {
  const rows = await q.query<UserRow>(
    'users.by_email',
    'SELECT id, email, role, password_hash, failed_logins, locked_until FROM users WHERE email = $1',
    [email],
  );
  return rows[0];
}

/** Counts a failure; at `maxFailures` the account locks for `lockSeconds` and the count restarts. */
export async function recordFailedLogin(q: Queryable, id: number, maxFailures: number, lockSeconds: number) {
  await q.query(
    'users.login_failed',
    `UPDATE users SET
       locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(secs => $3) ELSE locked_until END,
       failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END
     WHERE id = $1`,
    [id, maxFailures, lockSeconds],
  );
}

export async function recordSuccessfulLogin(q: Queryable, id: number) {
  await q.query(
    'users.login_ok',
    'UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)',
    [id],
  );
}

/** Creates the user or resets its password and role (demo users, the bootstrap admin). */
export async function upsertUser(q: Queryable, email: string, role: Role, passwordHash: string) {
  await q.query(
    'users.upsert',
    `INSERT INTO users (email, role, password_hash) VALUES ($1, $2, $3)
     ON CONFLICT (email) DO UPDATE SET role = EXCLUDED.role, password_hash = EXCLUDED.password_hash,
       failed_logins = 0, locked_until = NULL`,
    [email, role, passwordHash],
  );
}
