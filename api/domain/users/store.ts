import type { Queryable } from '../../platform/db.ts';
import { Filters, findById, listPage } from '../../platform/sql.ts';
import type { Role } from '../auth/tokens.ts';

// The one module that reads and writes the `users` table: user administration, sign-in, the
// demo and bootstrap accounts, token versions.

/** A user as admins see it: never the password hash. */
export interface User {
  id: number;
  email: string;
  role: Role;
  disabled: boolean;
  token_version: number;
  created_at: Date;
}

const columns = 'id, email, role, disabled_at IS NOT NULL AS disabled, token_version, created_at';

export const listUsers = (q: Queryable, limit: number, offset: number) =>
  listPage<User>(q, new Filters(), {
    operation: 'users.list',
    columns,
    from: 'users',
    orderBy: 'id',
    limit,
    offset,
  });

export const findUser = (q: Queryable, id: number, lock = false) =>
  findById<User>(q, 'users.get', { columns, from: 'users' }, id, lock);

export async function insertUser(q: Queryable, email: string, role: Role, passwordHash: string) {
  const rows = await q.query<User>(
    'users.insert',
    `INSERT INTO users (email, role, password_hash) VALUES ($1, $2, $3) RETURNING ${columns}`,
    [email, role, passwordHash],
  );
  return rows[0] as User;
}

/**
 * Applies a change and bumps the token version in the same statement, so every token signed
 * before it is refused (authenticate.ts compares versions).
 */
export async function updateUser(
  q: Queryable,
  id: number,
  change: { role?: Role; disabled?: boolean; passwordHash?: string },
): Promise<User> {
  const rows = await q.query<User>(
    'users.update',
    `UPDATE users
        SET role = COALESCE($2, role),
            disabled_at = CASE WHEN $3::boolean IS NULL THEN disabled_at
                               WHEN $3 THEN COALESCE(disabled_at, now()) ELSE NULL END,
            password_hash = COALESCE($4, password_hash),
            token_version = token_version + 1
      WHERE id = $1 RETURNING ${columns}`,
    [id, change.role ?? null, change.disabled ?? null, change.passwordHash ?? null],
  );
  return rows[0] as User;
}

/** Enabled admins other than this user, locked so two admins cannot demote each other at once. */
export async function countOtherActiveAdmins(q: Queryable, id: number): Promise<number> {
  const rows = await q.query<{ id: number }>(
    'users.other_admins',
    `SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> $1 FOR UPDATE`,
    [id],
  );
  return rows.length;
}

export async function findUserIdByEmail(q: Queryable, email: string): Promise<number | undefined> {
  const rows = await q.query<{ id: number }>('users.id_by_email', 'SELECT id FROM users WHERE email = $1', [
    email,
  ]);
  return rows[0]?.id;
}

/** What signing in reads: the account and its password hash (never sent in an answer). */
export interface UserCredentials {
  id: number;
  email: string;
  role: Role;
  password_hash: string;
  token_version: number;
  disabled: boolean;
}

export async function findUserByEmail(q: Queryable, email: string): Promise<UserCredentials | undefined> {
  const rows = await q.query<UserCredentials>(
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
 * fixtures; never the bootstrap accounts, which insertUserIfAbsent creates once). A role
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

/** Creates the account unless one has its email (replicas starting together create it once). */
export async function insertUserIfAbsent(q: Queryable, email: string, role: Role, passwordHash: string) {
  const rows = await q.query<{ id: number; email: string }>(
    'users.insert_if_absent',
    `INSERT INTO users (email, role, password_hash) VALUES ($1, $2, $3)
     ON CONFLICT (email) DO NOTHING RETURNING id, email`,
    [email, role, passwordHash],
  );
  return rows[0];
}

/** The accounts of an email domain, locked until the transaction ends. */
export const lockUsersOfDomain = (q: Queryable, domain: string) =>
  q.query<{ id: number; email: string; role: Role }>(
    'users.of_domain',
    `SELECT id, email, role FROM users WHERE lower(email) LIKE '%@' || $1 ORDER BY id FOR UPDATE`,
    [domain],
  );

export async function deleteUsers(q: Queryable, ids: readonly number[]): Promise<void> {
  await q.query('users.remove', 'DELETE FROM users WHERE id = ANY($1)', [ids]);
}

/** The user's token version (undefined: no such user). */
export async function findTokenVersion(q: Queryable, id: number): Promise<number | undefined> {
  const rows = await q.query<{ token_version: number }>(
    'users.token_version',
    'SELECT token_version FROM users WHERE id = $1',
    [id],
  );
  return rows[0]?.token_version;
}
