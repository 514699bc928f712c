import type { Counter } from 'prom-client';
import { HttpError, unauthorized } from '../../../lib/http/errors.ts';
import type { Db } from '../../platform/db.ts';
import { unmatchableHash, verifyPassword } from './passwords.ts';
import type { TokenSigner } from './tokens.ts';
import { findUserByEmail, recordFailedLogin, recordSuccessfulLogin } from './users-store.ts';

export interface LoginPolicy {
  maxFailures: number;
  lockSeconds: number;
}

export interface LoginDeps {
  db: Db;
  signer: TokenSigner;
  policy: LoginPolicy;
  logins: Counter<'result'>;
}

/**
 * Checks an email and password. Unknown emails cost the same scrypt work as known ones, wrong
 * passwords are counted towards a lockout, and a locked account answers 429 until it unlocks.
 */
export async function login(deps: LoginDeps, email: string, password: string) {
  const user = await findUserByEmail(deps.db, email.toLowerCase());
  if (user?.locked_until && user.locked_until.getTime() > Date.now()) {
    deps.logins.inc({ result: 'locked' });
    const retryAfter = Math.ceil((user.locked_until.getTime() - Date.now()) / 1000);
    throw new HttpError(429, 'account locked after too many failed logins', {
      reason: 'account_locked',
      headers: { 'Retry-After': String(retryAfter) },
    });
  }
  const ok = await verifyPassword(password, user?.password_hash ?? unmatchableHash);
  if (!user || !ok) {
    if (user) await recordFailedLogin(deps.db, user.id, deps.policy.maxFailures, deps.policy.lockSeconds);
    deps.logins.inc({ result: 'failure' });
    throw unauthorized('invalid email or password');
  }
  await recordSuccessfulLogin(deps.db, user.id);
  deps.logins.inc({ result: 'success' });
  const { token, expiresAt } = deps.signer.sign(user);
  return {
    token,
    expires_at: expiresAt.toISOString(),
    user: { id: user.id, email: user.email, role: user.role },
  };
}
