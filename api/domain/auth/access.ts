import type { Role } from './tokens.ts';

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** User administration and its audit log: admins only. */
export const adminPaths = /^\/(users|audit-log)(\/|$)/;
/** A POST, but any role that may read the stream may ask for a ticket: it only reads. */
const ticketsPath = '/positions/stream/tickets';

/**
 * What the synthetic journeys do, and all the `probe` role may do: sign in (public), read the
 * vessel list, one vessel, its track and the latest positions, and post positions (for the
 * reserved synthetic vessel only: the ingest route checks the MMSIs). Least privilege: a leaked
 * probe password cannot change the port or read staff and cargo.
 */
const probeReads = [
  /^\/auth\/me$/,
  /^\/vessels$/,
  /^\/vessels\/[^/]+$/,
  /^\/vessels\/[^/]+\/track$/,
  /^\/positions\/latest$/,
];
const probeWrites = [/^\/positions$/];

/**
 * Why `role` may not call `method path` (a path under /api/v1), or undefined when it may. Reads
 * accept any role but probe's narrower set; writes need operator or admin.
 */
export function refusal(role: Role, method: string, path: string): string | undefined {
  if (adminPaths.test(path)) return role === 'admin' ? undefined : 'user administration needs the admin role';
  const read = readMethods.has(method);
  if (role === 'probe') {
    const allowed = (read ? probeReads : probeWrites).some((p) => p.test(path));
    return allowed ? undefined : 'the probe role only runs the synthetic journeys';
  }
  if (role === 'viewer' && !read && path !== ticketsPath)
    return 'viewers can only read; this needs operator or admin';
  return undefined;
}
