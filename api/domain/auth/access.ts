import type { Access } from '../../openapi/operation.ts';
import { templatePattern } from '../../routing/templates.ts';
import type { Role } from './tokens.ts';

/** What the access rules read of each operation (its route table entry). */
export interface GuardedOperation {
  method: string;
  /** An Express path under /api/v1. */
  path: string;
  access: Access;
  /** The synthetic journeys call it, so the `probe` role may too. */
  probe?: boolean;
}

/** Why `role` may not call `method path` (a path under /api/v1), or undefined when it may. */
export type Refusal = (role: Role, method: string, path: string) => string | undefined;

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
const kind = (method: string) => (readMethods.has(method) ? 'read' : 'write');
const firstSegment = (path: string) => path.split('/')[1] ?? '';

/**
 * The access rules, from the operations' own declarations: admin operations need an admin, writes
 * an operator or admin, reads any role; the `probe` role calls only the operations marked `probe`
 * (least privilege: a leaked probe password cannot change the port or read staff and cargo).
 * A method no operation at the path serves is judged like the operation there of the same kind
 * (reads: GET, HEAD, OPTIONS; writes: the rest), so HEAD is GET's. A path no operation serves is
 * judged by its method and first segment: any role but probe may read it (and meet the 404),
 * only writers write, and a segment whose operations are all admin-only stays admin-only.
 */
export function accessPolicy(operations: readonly GuardedOperation[]): Refusal {
  // Public operations (login) answer before authentication: their requests never come here.
  const guarded = operations
    .filter((op) => op.access !== 'public')
    .map((op) => ({
      ...op,
      method: op.method.toUpperCase(),
      pattern: templatePattern(op.path),
    }));
  const adminSegments = new Set(
    guarded
      .map((op) => firstSegment(op.path))
      .filter((segment) => guarded.every((op) => firstSegment(op.path) !== segment || op.access === 'admin')),
  );
  return (role, method, path) => {
    const atPath = guarded.filter((o) => o.pattern.test(path));
    const op = atPath.find((o) => o.method === method) ?? atPath.find((o) => kind(o.method) === kind(method));
    const access: Access = op?.access ?? (adminSegments.has(firstSegment(path)) ? 'admin' : kind(method));
    if (access === 'admin') return role === 'admin' ? undefined : 'user administration needs the admin role';
    if (role === 'probe') return op?.probe ? undefined : 'the probe role only runs the synthetic journeys';
    if (role === 'viewer' && access === 'write') return 'viewers can only read; this needs operator or admin';
    return undefined;
  };
}
