import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createActor, sql, type Actor } from '../test/actors.js';
import { startStack, type TestStack } from '../test/api-process.js';
import { addBook } from '../test/loan-fixtures.js';

let stack: TestStack;
let member: Actor;
let otherMember: Actor;
let librarian: Actor;
let admin: Actor;

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  stack = await startStack();
  [member, otherMember, librarian, admin] = await Promise.all([
    createActor(stack, 'member', 'Ada Lovelace'),
    createActor(stack, 'member', 'Grace Hopper'),
    createActor(stack, 'librarian', 'Lena Librarian'),
    createActor(stack, 'admin', 'Alan Admin'),
  ]);
}, 90_000);

afterAll(async () => {
  await stack?.close();
});

const patch = (actor: Actor, id: string, body: unknown) =>
  stack.api.request('PATCH', `/api/v1/users/${id}`, { token: actor.token, body });

describe('listing users', () => {
  it('lists accounts to librarians and admins, ordered by name, without password hashes', async () => {
    for (const actor of [librarian, admin]) {
      const response = await stack.api.request('GET', '/api/v1/users?limit=100', { token: actor.token });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ page: 1, limit: 100, total: 4 });
      const names = response.body.items.map((user: any) => user.name);
      expect(names).toEqual([...names].sort());
      expect(Object.keys(response.body.items[0]).sort()).toEqual(
        ['cardNumber', 'category', 'createdAt', 'email', 'id', 'name', 'role', 'status', 'updatedAt'].sort(),
      );
      expect(response.text).not.toMatch(/password|argon2/i);
    }
  });

  it('filters by a case-insensitive piece of the name or the email, wildcards taken literally', async () => {
    const byName = await stack.api.request('GET', '/api/v1/users?q=LOVELACE', { token: librarian.token });
    expect(byName.body.items.map((user: any) => user.id)).toEqual([member.id]);
    const byEmail = await stack.api.request(
      'GET',
      `/api/v1/users?q=${encodeURIComponent(otherMember.email.slice(0, 20))}`,
      {
        token: librarian.token,
      },
    );
    expect(byEmail.body.items.map((user: any) => user.id)).toEqual([otherMember.id]);
    const wildcard = await stack.api.request('GET', '/api/v1/users?q=%25', { token: librarian.token });
    expect(wildcard.body).toMatchObject({ items: [], total: 0 });
  });

  it('pages the list and rejects limit 101 with 400', async () => {
    const page2 = await stack.api.request('GET', '/api/v1/users?limit=3&page=2', { token: admin.token });
    expect(page2.body).toMatchObject({ page: 2, limit: 3, total: 4 });
    expect(page2.body.items).toHaveLength(1);
    const tooMany = await stack.api.request('GET', '/api/v1/users?limit=101', { token: admin.token });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.code).toBe('VALIDATION_FAILED');
  });

  it('answers 401 without a token and 403 to members', async () => {
    expect((await stack.api.request('GET', '/api/v1/users')).status).toBe(401);
    const asMember = await stack.api.request('GET', '/api/v1/users', { token: member.token });
    expect(asMember.status).toBe(403);
    expect(asMember.body.code).toBe('FORBIDDEN');
  });
});

describe('reading one user', () => {
  it('shows a member their account with unpaid fines and active loans', async () => {
    const { bookId, copyIds } = await addBook(stack, 4);
    const loan = (copy: string, extra: string) =>
      sql(
        stack,
        `INSERT INTO loans (user_id, book_id, copy_id, loaned_at, due_at, returned_at, fine_cents, fine_paid_at)
         VALUES ($1, $2, $3, now() - interval '30 days', now() - interval '16 days', ${extra})`,
        [member.id, bookId, copy],
      );
    await loan(copyIds[0], 'NULL, 0, NULL');
    await loan(copyIds[1], "now() - interval '1 day', 300, NULL");
    await loan(copyIds[2], "now() - interval '1 day', 200, now()");
    await loan(copyIds[3], "now() - interval '1 day', 0, NULL");
    const response = await stack.api.request('GET', `/api/v1/users/${member.id}`, { token: member.token });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: member.id,
      email: member.email,
      role: 'member',
      status: 'active',
      outstandingFinesCents: 300,
      activeLoans: 1,
    });
    expect(response.text).not.toMatch(/password|argon2/i);
  });

  it("answers 404 USER_NOT_FOUND to a member asking for another member's account", async () => {
    const response = await stack.api.request('GET', `/api/v1/users/${otherMember.id}`, { token: member.token });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('USER_NOT_FOUND');
  });

  it('shows any account to librarians and admins, and 404 for an unknown id', async () => {
    for (const actor of [librarian, admin]) {
      const response = await stack.api.request('GET', `/api/v1/users/${member.id}`, { token: actor.token });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: member.id, outstandingFinesCents: 300, activeLoans: 1 });
    }
    const unknown = await stack.api.request('GET', `/api/v1/users/${UNKNOWN_ID}`, { token: admin.token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('USER_NOT_FOUND');
  });

  it('answers 401 without a token and 400 for an id that is not a UUID', async () => {
    expect((await stack.api.request('GET', `/api/v1/users/${member.id}`)).status).toBe(401);
    expect((await stack.api.request('GET', '/api/v1/users/me', { token: member.token })).status).toBe(400);
  });
});

describe('changing one user', () => {
  it('lets a member rename themselves', async () => {
    const actor = await createActor(stack, 'member', 'Old Name');
    const response = await patch(actor, actor.id, { name: '  New Name  ' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: actor.id, name: 'New Name', outstandingFinesCents: 0, activeLoans: 0 });
  });

  it('changes the password only with the current one, after which only the new one logs in', async () => {
    const actor = await createActor(stack, 'member');
    const newPassword = 'a-brand-new-password';
    const missing = await patch(actor, actor.id, { password: newPassword });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
    const wrong = await patch(actor, actor.id, { password: newPassword, currentPassword: 'not-the-password' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('INVALID_CURRENT_PASSWORD');
    const short = await patch(actor, actor.id, { password: 'short', currentPassword: actor.password });
    expect(short.status).toBe(400);
    const changed = await patch(actor, actor.id, { password: newPassword, currentPassword: actor.password });
    expect(changed.status).toBe(200);
    expect(changed.text).not.toMatch(/password|argon2/i);
    const login = (password: string) =>
      stack.api.request('POST', '/api/v1/auth/login', { body: { email: actor.email, password } });
    expect((await login(newPassword)).status).toBe(200);
    expect((await login(actor.password)).status).toBe(401);
  });

  it('answers 403 to a member or librarian sending role or status, even for their own account', async () => {
    for (const [actor, body] of [
      [member, { role: 'admin' }],
      [member, { status: 'active' }],
      [librarian, { role: 'admin' }],
    ] as const) {
      const response = await patch(actor, actor.id, body);
      expect([actor.role, response.status, response.body.code]).toEqual([actor.role, 403, 'FORBIDDEN']);
    }
    const [row] = await sql(stack, 'SELECT role FROM users WHERE id = $1', [member.id]);
    expect(row.role).toBe('member');
  });

  it("answers 404 to a member changing another member's account and 403 to a librarian", async () => {
    const asMember = await patch(member, otherMember.id, { name: 'Hijacked' });
    expect(asMember.status).toBe(404);
    expect(asMember.body.code).toBe('USER_NOT_FOUND');
    const asLibrarian = await patch(librarian, otherMember.id, { name: 'Hijacked' });
    expect(asLibrarian.status).toBe(403);
    const [row] = await sql(stack, 'SELECT name FROM users WHERE id = $1', [otherMember.id]);
    expect(row.name).toBe('Grace Hopper');
  });

  it('lets an admin change the role and status of another account, effective at the next login', async () => {
    const actor = await createActor(stack, 'member');
    const response = await patch(admin, actor.id, { role: 'librarian', status: 'suspended' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: actor.id, role: 'librarian', status: 'suspended' });
    const login = await stack.api.request('POST', '/api/v1/auth/login', {
      body: { email: actor.email, password: actor.password },
    });
    const list = await stack.api.request('GET', '/api/v1/users', { token: login.body.accessToken });
    expect(list.status).toBe(200);
  });

  it("refuses an admin's change of their own role or status, and another user's password", async () => {
    const ownRole = await patch(admin, admin.id, { role: 'member' });
    expect(ownRole.status).toBe(403);
    const othersPassword = await patch(admin, member.id, { password: 'set-by-the-admin', currentPassword: 'x' });
    expect(othersPassword.status).toBe(403);
  });

  it('rejects unknown fields, null names and invalid roles with 400, and unknown ids with 404', async () => {
    for (const body of [{ email: 'new@example.org' }, { name: null }, { role: 'superuser' }, { status: 'banned' }]) {
      const response = await patch(admin, otherMember.id, body);
      expect([JSON.stringify(body), response.status, response.body.code]).toEqual([
        JSON.stringify(body),
        400,
        'VALIDATION_FAILED',
      ]);
    }
    const unknown = await patch(admin, UNKNOWN_ID, { status: 'suspended' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('USER_NOT_FOUND');
  });

  it('answers 401 without a token', async () => {
    const response = await stack.api.request('PATCH', `/api/v1/users/${member.id}`, { body: { name: 'Anonymous' } });
    expect(response.status).toBe(401);
  });
});

describe('library card and patron category', () => {
  it('shows the account its generated card number and category, on /auth/me and /users/:id', async () => {
    const me = await stack.api.request('GET', '/api/v1/auth/me', { token: member.token });
    expect(me.body.category).toBe('adult');
    expect(me.body.cardNumber).toMatch(/^2[0-9]{13}$/);
    const detail = await stack.api.request('GET', `/api/v1/users/${member.id}`, { token: member.token });
    expect(detail.body).toMatchObject({ cardNumber: me.body.cardNumber, category: 'adult', activeHolds: 0 });
    const other = await stack.api.request('GET', '/api/v1/auth/me', { token: otherMember.token });
    expect(other.body.cardNumber).not.toBe(me.body.cardNumber);
  });

  it('lets an admin set the patron category, and nobody else', async () => {
    const changed = await patch(admin, otherMember.id, { category: 'child' });
    expect(changed.status).toBe(200);
    expect(changed.body.category).toBe('child');
    for (const [actor, id] of [
      [librarian, otherMember.id],
      [otherMember, otherMember.id],
      [admin, admin.id],
    ] as const) {
      const refused = await patch(actor, id, { category: 'staff' });
      expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
    }
    const unknown = await patch(admin, otherMember.id, { category: 'elder' });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    await patch(admin, otherMember.id, { category: 'adult' });
  });
});
