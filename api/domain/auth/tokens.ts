import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { userRoles } from '../../../lib/domain/vocabulary.ts';

/**
 * `probe` is the synthetic journeys' account: it reads what the journeys read and posts positions
 * for the reserved synthetic vessel only (access.ts).
 */
export const roles = userRoles;
export type Role = (typeof userRoles)[number];

export interface TokenUser {
  id: number;
  email: string;
  role: Role;
}

/** A verified token: its user, the user's token version it was signed at, when it stops being valid. */
export interface Verified {
  user: TokenUser;
  version: number;
  expiresAtMs: number;
}

/** Whom a token is signed for: the user and its current token version (token-versions.ts). */
export type TokenSubject = TokenUser & { token_version: number };

export interface TokenSigner {
  sign(user: TokenSubject): { token: string; expiresAt: Date };
  /** The user, or undefined for a malformed, forged or expired token (or a stream ticket). */
  verify(token: string): TokenUser | undefined;
  /** As verify, with the expiry (a stream ends when its token does). */
  verifyToken(token: string): Verified | undefined;
  /**
   * A short-lived ticket that opens the position stream only (EventSource cannot send headers,
   * and a ticket in a URL that ends up in a log is worth little: it is dead within seconds and
   * opens nothing else). It carries the token's expiry, so the stream still ends with the token.
   */
  signTicket(verified: Verified): { ticket: string; expiresAt: Date };
  verifyTicket(ticket: string): Verified | undefined;
}

export const ticketTtlSeconds = 30;

export interface SigningKeys {
  /** Signs new tokens (PORTTRACK_TOKEN_SECRET). */
  current: string | undefined;
  /** Accepted, never used to sign (PORTTRACK_TOKEN_SECRET_OTHER): the next key or the previous one. */
  other?: string | undefined;
}

interface Claims {
  kid: string;
  sub: number;
  email: string;
  role: Role;
  /** The user's token version at signing; tokens from before this field count as version 1. */
  ver?: number;
  exp: number;
  /** Present on stream tickets only: the expiry of the token the ticket was made from. */
  use?: 'stream';
  until?: number;
}

/** A key's id: a short hash of it, so a token names its key without revealing anything. */
export const keyId = (secret: string) => createHash('sha256').update(secret).digest('hex').slice(0, 8);

/**
 * Stateless bearer tokens: base64url(JSON claims) "." base64url(HMAC-SHA256). The claims name the
 * key (`kid`), so two keys can be accepted at once and the signing key rotated without logging
 * anyone out (docs/api.md, "Rotating the token key"). Without a configured secret (development
 * only; production refuses to start) a random one is made, so tokens die with the process.
 */
export function createTokenSigner(keys: SigningKeys, ttlSeconds: number): TokenSigner {
  const signing = keys.current ?? randomBytes(32).toString('hex');
  const accepted = new Map([[keyId(signing), signing]]);
  if (keys.other) accepted.set(keyId(keys.other), keys.other);
  const signingId = keyId(signing);
  const mac = (key: string, payload: string) => createHmac('sha256', key).update(payload).digest();
  const seal = (claims: Omit<Claims, 'kid'>) => {
    const payload = Buffer.from(JSON.stringify({ kid: signingId, ...claims })).toString('base64url');
    return `${payload}.${mac(signing, payload).toString('base64url')}`;
  };
  const open = (token: string): Claims | undefined => {
    const dot = token.indexOf('.');
    if (dot <= 0 || token.length > 2048) return undefined;
    const payload = token.slice(0, dot);
    let claims: Claims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
    } catch {
      return undefined;
    }
    // The kid only chooses among our own keys; the MAC below decides.
    const key = typeof claims?.kid === 'string' ? accepted.get(claims.kid) : undefined;
    if (!key) return undefined;
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = mac(key, payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return undefined;
    if (!roles.includes(claims.role) || typeof claims.sub !== 'number') return undefined;
    if (claims.ver !== undefined && !Number.isInteger(claims.ver)) return undefined;
    return claims;
  };
  const user = (c: Claims): TokenUser => ({ id: c.sub, email: c.email, role: c.role });
  const verifyToken = (token: string): Verified | undefined => {
    const c = open(token);
    return c && c.use === undefined
      ? { user: user(c), version: c.ver ?? 1, expiresAtMs: c.exp * 1000 }
      : undefined;
  };
  return {
    sign(u) {
      const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
      return {
        token: seal({ sub: u.id, email: u.email, role: u.role, ver: u.token_version, exp }),
        expiresAt: new Date(exp * 1000),
      };
    },
    verify: (token) => verifyToken(token)?.user,
    verifyToken,
    signTicket({ user: u, version, expiresAtMs }) {
      const exp = Math.min(Math.floor(Date.now() / 1000) + ticketTtlSeconds, Math.floor(expiresAtMs / 1000));
      const ticket = seal({
        sub: u.id,
        email: u.email,
        role: u.role,
        ver: version,
        exp,
        use: 'stream',
        until: expiresAtMs,
      });
      return { ticket, expiresAt: new Date(exp * 1000) };
    },
    verifyTicket(ticket) {
      const c = open(ticket);
      if (c?.use !== 'stream' || typeof c.until !== 'number') return undefined;
      return { user: user(c), version: c.ver ?? 1, expiresAtMs: c.until };
    },
  };
}
