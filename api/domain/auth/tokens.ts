import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type Role = 'admin' | 'operator' | 'viewer';
export const roles: readonly Role[] = ['admin', 'operator', 'viewer'];

export interface TokenUser {
  id: number;
  email: string;
  role: Role;
}

export interface TokenSigner {
  sign(user: TokenUser): { token: string; expiresAt: Date };
  /** The user, or undefined for a malformed, forged or expired token. */
  verify(token: string): TokenUser | undefined;
}

/**
 * Stateless bearer tokens: base64url(JSON claims) "." base64url(HMAC-SHA256). Without a configured
 * secret (development only; production refuses to start) a random one is made, so tokens die
 * with the process.
 */
export function createTokenSigner(secret: string | undefined, ttlSeconds: number): TokenSigner {
  const key = secret ?? randomBytes(32).toString('hex');
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest();
  return {
    sign(user) {
      const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
      const payload = Buffer.from(
        JSON.stringify({ sub: user.id, email: user.email, role: user.role, exp }),
      ).toString('base64url');
      return { token: `${payload}.${mac(payload).toString('base64url')}`, expiresAt: new Date(exp * 1000) };
    },
    verify(token) {
      const dot = token.indexOf('.');
      if (dot <= 0 || token.length > 2048) return undefined;
      const payload = token.slice(0, dot);
      const given = Buffer.from(token.slice(dot + 1), 'base64url');
      const expected = mac(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
          sub: number;
          email: string;
          role: Role;
          exp: number;
        };
        if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return undefined;
        if (!roles.includes(claims.role)) return undefined;
        return { id: claims.sub, email: claims.email, role: claims.role };
      } catch {
        return undefined;
      }
    },
  };
}
