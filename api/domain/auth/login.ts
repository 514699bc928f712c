import type { Counter } from 'prom-client';
import { HttpError, unauthorized } from '../../../lib/http/errors.ts';
import type { Db } from '../../platform/db.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { LoginWatch } from './login-watch.ts';
import { hashPassword, needsRehash, unmatchableHash, verifyPassword } from './passwords.ts';
import type { TokenSigner } from './tokens.ts';
import { findUserByEmail, setPasswordHash } from '../users/store.ts';

export interface LoginDeps {
  db: Db;
  signer: TokenSigner;
  throttle: LoginThrottle;
  watch: LoginWatch;
  logins: Counter<'result'>;
}

/**
 * Checks an email and password from a client address. Known and unknown emails take the same
 * path and get the same answers: the (email, address) pair is throttled either way, scrypt runs
 * either way (against a hash that matches nothing), and every failure (disabled accounts too) is
 * the same 401. The token carries the user's token version, so a later bump revokes it.
 */
export async function login(deps: LoginDeps, email: string, password: string, address: string) {
  const account = email.toLowerCase();
  try {
    await deps.throttle.check(account, address);
  } catch (err) {
    if (err instanceof HttpError) deps.logins.inc({ result: 'throttled' });
    throw err;
  }
  const user = await findUserByEmail(deps.db, account);
  const ok = await verifyPassword(password, user?.password_hash ?? unmatchableHash);
  // A disabled account gets the same answer as a wrong password: nothing tells it apart.
  if (!user || !ok || user.disabled) {
    await deps.throttle.failed(account, address);
    deps.watch.failed(account, address);
    deps.logins.inc({ result: 'failure' });
    throw unauthorized('invalid email or password');
  }
  await deps.throttle.succeeded(account, address);
  // Hashes made with older scrypt parameters are upgraded while the password is at hand.
  if (needsRehash(user.password_hash)) await setPasswordHash(deps.db, user.id, await hashPassword(password));
  deps.logins.inc({ result: 'success' });
  const { token, expiresAt } = deps.signer.sign(user);
  return {
    token,
    expires_at: expiresAt.toISOString(),
    user: { id: user.id, email: user.email, role: user.role },
  };
}
