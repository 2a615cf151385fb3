import { createHmac } from 'node:crypto';
import { TEST_JWT_SECRET } from '../api-process.js';
import type { Role } from '../../auth/roles.js';

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export interface JwtParts {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  /** @default TEST_JWT_SECRET */
  readonly secret?: string;
}

/** A compact JWS signed with HMAC-SHA256 by hand, so tests can also forge the ones the API must refuse. */
export function signJwt({ header, payload, secret = TEST_JWT_SECRET }: JwtParts): string {
  const signingInput = `${base64url(header)}.${base64url(payload)}`;
  // HS384/HS512 headers get their own HMAC, so a correctly signed token of another algorithm can be made.
  const hash = { HS384: 'sha384', HS512: 'sha512' }[String(header.alg)] ?? 'sha256';
  const signature = createHmac(hash, secret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

/** A valid access token, as the API's login would issue it (`sub`, `role`, `iat`, `exp`). */
export function accessToken(id: string, role: Role, { expiresInSeconds = 900 } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt({
    header: { alg: 'HS256', typ: 'JWT' },
    payload: { sub: id, role, iat: now, exp: now + expiresInSeconds },
  });
}
