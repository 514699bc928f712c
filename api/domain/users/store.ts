import type { Queryable } from '../../platform/db.ts';
import { Filters, findById, listPage } from '../../platform/sql.ts';
import type { Role } from '../auth/tokens.ts';

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
