import { sql } from '../actors.js';
import type { TestStack } from '../api-process.js';
import type { Role } from '../../auth/roles.js';
import { accessToken } from './tokens.js';

export interface TokenUser {
  readonly id: string;
  readonly role: Role;
  readonly token: string;
}

/**
 * `count` accounts written straight into the database with signed tokens: hundreds of argon2id
 * registrations would take minutes on a loaded machine, and these tests are about loans, not login.
 * They cannot log in (their password hash is a placeholder).
 */
export async function insertUsers(stack: TestStack, count: number, role: Role = 'member'): Promise<TokenUser[]> {
  const rows = await sql<{ id: string }>(
    stack,
    `INSERT INTO users (email, name, password_hash, role)
     SELECT 'load-' || gen_random_uuid() || '@example.org', 'Load user ' || n, 'no-password', $2::user_role
     FROM generate_series(1, $1::int) AS n
     RETURNING id`,
    [count, role],
  );
  return rows.map(({ id }) => ({ id, role, token: accessToken(id, role) }));
}
