import type { Role } from '../auth/roles.js';
import type { PatronCategory } from '../circulation-rules/circulation-terms.js';
import { assignmentsOf, type SqlStatement } from '../database/sql.js';
import type { UserDetailRow } from './user-detail.view.js';
import type { UserRow, UserStatus } from './user.view.js';

/** The columns of `UserRow`: never the password hash. */
export const USER_COLUMNS = `id, email, name, role, status, category, card_number AS "cardNumber",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** `%`, `_` and the escape character itself are literal in a search, not wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

/**
 * One round trip for a page of accounts, ordered by name then id, with the total of matching ones; `q`
 * matches a substring of the name or the email, case-insensitive. The total row is always there, with
 * null user columns when the page is empty.
 */
export function userPageStatement(
  q: string | undefined,
  limit: number,
  offset: number,
): SqlStatement<UserRow & { readonly total: number }> {
  const where = q === undefined ? 'true' : '(u.name ILIKE $3 OR u.email ILIKE $3)';
  return {
    text: `SELECT t.total, p.*
           FROM (SELECT count(*)::int AS total FROM users u WHERE ${where}) t
           LEFT JOIN LATERAL (
             SELECT ${USER_COLUMNS} FROM users u WHERE ${where} ORDER BY u.name, u.id LIMIT $1 OFFSET $2
           ) p ON true
           ORDER BY p.name, p.id`,
    values: q === undefined ? [limit, offset] : [limit, offset, likePattern(q)],
  };
}

/** The account and its loan figures in one statement (the partial loan indexes serve both counts). */
export function userDetailStatement(id: string): SqlStatement<UserDetailRow> {
  return {
    text: `SELECT u.id, u.email, u.name, u.role, u.status, u.category, u.card_number AS "cardNumber",
             u.created_at AS "createdAt", u.updated_at AS "updatedAt",
             (SELECT coalesce(sum(l.fine_cents), 0)::int FROM loans l
               WHERE l.user_id = u.id AND l.fine_cents > 0 AND l.fine_paid_at IS NULL) AS "outstandingFinesCents",
             (SELECT count(*)::int FROM loans l WHERE l.user_id = u.id AND l.returned_at IS NULL) AS "activeLoans",
             (SELECT count(*)::int FROM holds h WHERE h.user_id = u.id AND h.status IN ('waiting', 'ready'))
               AS "activeHolds"
           FROM users u WHERE u.id = $1`,
    values: [id],
  };
}

export function passwordHashStatement(id: string): SqlStatement<{ readonly passwordHash: string }> {
  return { text: `SELECT password_hash AS "passwordHash" FROM users WHERE id = $1`, values: [id] };
}

/** The columns an account update may set; a field left `undefined` keeps its value. */
export interface UserChanges {
  readonly name?: string;
  readonly role?: Role;
  readonly status?: UserStatus;
  readonly category?: PatronCategory;
  /** argon2id PHC string of the new password. */
  readonly passwordHash?: string;
}

const CHANGEABLE_COLUMNS: Readonly<Record<keyof UserChanges, string>> = {
  name: 'name',
  role: 'role',
  status: 'status',
  category: 'category',
  passwordHash: 'password_hash',
};

/** Sets the given columns of an account; `undefined` when there is nothing to set. */
export function updateUserStatement(
  id: string,
  changes: UserChanges,
): SqlStatement<{ readonly id: string }> | undefined {
  const values: unknown[] = [id];
  const assignments = assignmentsOf(CHANGEABLE_COLUMNS, changes, values);
  if (assignments.length === 0) return undefined;
  return {
    text: `UPDATE users SET ${assignments.join(', ')}, updated_at = now() WHERE id = $1 RETURNING id`,
    values,
  };
}
