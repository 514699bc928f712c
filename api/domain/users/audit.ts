import type { userAuditActions } from '../../../lib/domain/vocabulary.ts';
import type { Queryable } from '../../platform/db.ts';
import { Filters, listPage } from '../../platform/sql.ts';
import type { AuditQuery } from './schemas.ts';

export type AuditAction = (typeof userAuditActions)[number];

/**
 * Who acts: an admin through the API (email and id), an operator at the CLI (`cli:<os user>`),
 * or the API itself at start (`startup`: bootstrap accounts created, demo accounts removed).
 */
export interface Actor {
  name: string;
  userId?: number | undefined;
}

export interface AuditEntry {
  id: number;
  at: Date;
  actor: string;
  actor_user_id: number | null;
  action: AuditAction;
  /** Null once the account was removed (the row keeps its email). */
  target_user_id: number | null;
  target_email: string;
  details: Record<string, unknown>;
}

/**
 * Records one change in the transaction that makes it, so the log cannot miss a change nor list
 * one that rolled back. `details` holds what changed (roles, flags), never a password or hash.
 */
export async function recordAudit(
  q: Queryable,
  actor: Actor,
  action: AuditAction,
  target: { id: number; email: string },
  details: Record<string, unknown> = {},
): Promise<void> {
  await q.query(
    'user_audit.insert',
    `INSERT INTO user_audit_log (actor, actor_user_id, action, target_user_id, target_email, details)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [actor.name, actor.userId ?? null, action, target.id, target.email, JSON.stringify(details)],
  );
}

/** Newest first. */
export const listAudit = (q: Queryable, query: AuditQuery) =>
  listPage<AuditEntry>(q, new Filters().add('target_user_id = $?', query.target_user_id), {
    operation: 'user_audit.list',
    columns: 'id, at, actor, actor_user_id, action, target_user_id, target_email, details',
    from: 'user_audit_log',
    orderBy: 'at DESC, id DESC',
    limit: query.limit,
    offset: query.offset,
  });
