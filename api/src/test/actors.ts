import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Role } from '../auth/roles.js';
import type { TestStack } from './api-process.js';

export interface Actor {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly role: Role;
  readonly token: string;
}

/** Runs SQL against the stack's database, for arranging state no route can create (roles, overdue dates). */
export async function sql<T extends pg.QueryResultRow = any>(
  stack: TestStack,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: stack.pg.url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A user registered through the API (so as a member), promoted in the database when another role is
 * asked for, then logged in through the API.
 */
export async function createActor(stack: TestStack, role: Role = 'member', name = `Test ${role}`): Promise<Actor> {
  const email = `${role}-${randomUUID()}@example.org`;
  const password = `pw-${randomUUID()}`;
  const registered = await stack.api.request('POST', '/api/v1/auth/register', { body: { email, password, name } });
  if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${registered.text}`);
  if (role !== 'member') await sql(stack, 'UPDATE users SET role = $1 WHERE id = $2', [role, registered.body.id]);
  const login = await stack.api.request('POST', '/api/v1/auth/login', { body: { email, password } });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
  return { id: registered.body.id, email, password, role, token: login.body.accessToken };
}

/** Several actors at once, one per role given, in that order. */
export function createActors(stack: TestStack, ...roles: Role[]): Promise<Actor[]> {
  return Promise.all(roles.map((role) => createActor(stack, role)));
}
