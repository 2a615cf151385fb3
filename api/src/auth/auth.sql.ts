import type { SqlStatement } from '../database/sql.js';
import type { UserRow } from '../users/user.view.js';
import { USER_COLUMNS } from '../users/users.sql.js';
import type { Role } from './roles.js';

export function emailTakenStatement(email: string): SqlStatement<{ readonly taken: boolean }> {
  return { text: `SELECT EXISTS (SELECT 1 FROM users WHERE email = $1) AS taken`, values: [email] };
}

/** The fields of a new account; it is created as an active member. */
export interface NewMember {
  /** Lower-cased by the DTO. */
  readonly email: string;
  readonly name: string;
  /** argon2id PHC string. */
  readonly passwordHash: string;
}

export function insertMemberStatement(member: NewMember): SqlStatement<UserRow> {
  return {
    text: `INSERT INTO users (email, name, password_hash, role, status) VALUES ($1, $2, $3, 'member', 'active')
           RETURNING ${USER_COLUMNS}`,
    values: [member.email, member.name, member.passwordHash],
  };
}

/** What a login checks and signs: the only statement that reads a password hash by email. */
export function credentialsStatement(
  email: string,
): SqlStatement<{ readonly id: string; readonly role: Role; readonly passwordHash: string }> {
  return { text: `SELECT id, role, password_hash AS "passwordHash" FROM users WHERE email = $1`, values: [email] };
}

export function accountStatement(id: string): SqlStatement<UserRow> {
  return { text: `SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, values: [id] };
}
