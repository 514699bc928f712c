import { conflict, notFound } from '../../../lib/http/errors.ts';
import type { Db, Queryable } from '../../platform/db.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { TokenVersions } from '../auth/token-versions.ts';
import { type Actor, listAudit, recordAudit } from './audit.ts';
import type { AuditQuery, ChangeUser, CreateUser } from './schemas.ts';
import * as store from './store.ts';

/** What user administration needs: the database, and the token versions to publish each bump to. */
export interface UserAdminDeps {
  db: Db;
  versions: TokenVersions;
}

export const listUsers = (deps: UserAdminDeps, limit: number, offset: number) =>
  store.listUsers(deps.db, limit, offset);

export async function getUser(deps: UserAdminDeps, id: number) {
  return (await store.findUser(deps.db, id)) ?? raise(id);
}

export async function createUser(deps: UserAdminDeps, actor: Actor, input: CreateUser) {
  const hash = await hashPassword(input.password);
  return deps.db.tx(async (q) => {
    const user = await store.insertUser(q, input.email, input.role, hash);
    await recordAudit(q, actor, 'create', user, { role: user.role });
    return user;
  });
}

/**
 * Re-roles, disables or enables a user. A real change bumps the token version, so tokens signed
 * with the old role (or before the account was disabled) are refused from now on; asking for the
 * state the user is already in changes nothing. The last enabled admin cannot be demoted or
 * disabled: nobody could administer users any more.
 */
export async function changeUser(deps: UserAdminDeps, actor: Actor, id: number, change: ChangeUser) {
  const user = await deps.db.tx(async (q) => {
    await serialiseAdminChanges(q);
    const before = (await store.findUser(q, id, true)) ?? raise(id);
    const role = change.role !== undefined && change.role !== before.role ? change.role : undefined;
    const disabled =
      change.disabled !== undefined && change.disabled !== before.disabled ? change.disabled : undefined;
    if (role === undefined && disabled === undefined) return undefined;
    const losesAdmin =
      before.role === 'admin' && !before.disabled && (role !== undefined || disabled === true);
    if (losesAdmin && (await store.countOtherActiveAdmins(q, id)) === 0)
      throw conflict('last_admin', 'this is the last enabled admin: make another user admin first');
    const after = await store.updateUser(q, id, {
      ...(role ? { role } : {}),
      ...(disabled !== undefined ? { disabled } : {}),
    });
    if (role !== undefined) await recordAudit(q, actor, 'set_role', after, { from: before.role, to: role });
    if (disabled !== undefined) await recordAudit(q, actor, disabled ? 'disable' : 'enable', after);
    return after;
  });
  if (!user) return getUser(deps, id);
  await deps.versions.changed(user.id, user.token_version);
  return user;
}

/** Sets a new password and refuses every token signed before (someone else may hold one). */
export async function resetPassword(deps: UserAdminDeps, actor: Actor, id: number, password: string) {
  const passwordHash = await hashPassword(password);
  const user = await deps.db.tx(async (q) => {
    if (!(await store.findUser(q, id, true))) raise(id);
    const after = await store.updateUser(q, id, { passwordHash });
    await recordAudit(q, actor, 'reset_password', after);
    return after;
  });
  await deps.versions.changed(user.id, user.token_version);
  return user;
}

/** Who changed which account, newest first. */
export const listAuditLog = (deps: UserAdminDeps, query: AuditQuery) => listAudit(deps.db, query);

/** The CLI names users by email. */
export async function userIdByEmail(deps: UserAdminDeps, email: string): Promise<number> {
  return (await store.findUserIdByEmail(deps.db, email.toLowerCase())) ?? raise(email);
}

/**
 * Admin changes take one transaction-scoped lock, so two admins demoting each other at once
 * cannot both pass the last-admin check.
 */
async function serialiseAdminChanges(q: Queryable) {
  await q.query('users.admin_lock', `SELECT pg_advisory_xact_lock(hashtext('porttrack.user_admin'))`);
}

function raise(id: number | string): never {
  throw notFound(`user ${id}`);
}
