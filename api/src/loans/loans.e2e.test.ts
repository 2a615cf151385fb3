import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createActor, createActors, sql, type Actor } from '../test/actors.js';
import { startStack, type TestStack } from '../test/api-process.js';
import { addBook } from '../test/loan-fixtures.js';

const DAY_MS = 24 * 60 * 60 * 1000;

let stack: TestStack;
let member: Actor;
let otherMember: Actor;
let librarian: Actor;
let admin: Actor;

beforeAll(async () => {
  stack = await startStack();
  [librarian, admin] = await createActors(stack, 'librarian', 'admin');
}, 120_000);

// Fresh members for every test, so that loan counts and fines start from zero.
beforeEach(async () => {
  [member, otherMember] = await Promise.all([createActor(stack, 'member'), createActor(stack, 'member')]);
});

afterAll(async () => {
  await stack?.close();
});

const post = (path: string, actor?: Actor, body?: unknown) =>
  stack.api.request('POST', `/api/v1${path}`, { token: actor?.token, body });
const get = (path: string, actor?: Actor) => stack.api.request('GET', `/api/v1${path}`, { token: actor?.token });
const borrow = (actor: Actor | undefined, body: Record<string, string>) => post('/loans', actor, body);

const freshMember = () => createActor(stack, 'member');

/** Lends a copy of a new book to `actor` and returns the loan. */
async function lendNewBook(actor: Actor): Promise<Record<string, any>> {
  const { bookId } = await addBook(stack);
  const response = await borrow(actor, { bookId });
  expect(response.status).toBe(201);
  return response.body;
}

const makeOverdue = (loanId: string, days: number) =>
  sql(
    stack,
    `UPDATE loans SET loaned_at = now() - make_interval(days => $2 + 20), due_at = now() - make_interval(days => $2) WHERE id = $1`,
    [loanId, days],
  );

async function copyStatus(copyId: string): Promise<string> {
  const [row] = await sql<{ status: string }>(stack, 'SELECT status FROM copies WHERE id = $1', [copyId]);
  return row.status;
}

describe('POST /api/v1/loans', () => {
  it('lends any available copy of a book to the caller for the loan period', async () => {
    const { bookId, copyIds } = await addBook(stack, 2);
    const response = await borrow(member, { bookId });
    expect(response.status).toBe(201);
    const loan = response.body;
    expect(loan).toEqual({
      id: expect.any(String),
      userId: member.id,
      bookId,
      copyId: expect.any(String),
      loanedAt: expect.any(String),
      dueAt: expect.any(String),
      renewals: 0,
      returnedAt: null,
      fineCents: 0,
      finePaidAt: null,
      status: 'active',
    });
    expect(copyIds).toContain(loan.copyId);
    expect(Date.parse(loan.dueAt) - Date.parse(loan.loanedAt)).toBe(14 * DAY_MS);
    expect(loan.loanedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await copyStatus(loan.copyId)).toBe('on_loan');
  });

  it('lends the copy named by copyId', async () => {
    const { bookId, copyIds } = await addBook(stack, 3);
    const response = await borrow(member, { copyId: copyIds[2] });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ bookId, copyId: copyIds[2], userId: member.id });
  });

  it('lets a librarian and an admin lend to a member with userId', async () => {
    const borrower = member;
    for (const lender of [librarian, admin]) {
      const { bookId } = await addBook(stack);
      const response = await borrow(lender, { bookId, userId: borrower.id });
      expect(response.status).toBe(201);
      expect(response.body.userId).toBe(borrower.id);
    }
  });

  it('lets a member name themself as userId but forbids lending to someone else', async () => {
    const { bookId } = await addBook(stack, 2);
    expect((await borrow(member, { bookId, userId: member.id })).status).toBe(201);
    const response = await borrow(member, { bookId, userId: otherMember.id });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('FORBIDDEN');
  });

  it('answers 404 USER_NOT_FOUND when lending to an unknown user', async () => {
    const { bookId } = await addBook(stack);
    const response = await borrow(librarian, { bookId, userId: randomUUID() });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('USER_NOT_FOUND');
  });

  it('requires an access token', async () => {
    const { bookId } = await addBook(stack);
    const response = await borrow(undefined, { bookId });
    expect(response.status).toBe(401);
  });

  it('rejects a body with neither or both of bookId and copyId, a bad UUID, or an unknown field', async () => {
    const { bookId, copyIds } = await addBook(stack);
    for (const body of [
      {},
      { bookId: null },
      { bookId, copyId: copyIds[0] },
      { bookId: 'x' },
      { bookId, extra: 'x' },
    ]) {
      const response = await borrow(member, body as Record<string, string>);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await copyStatus(copyIds[0])).toBe('available');
  });

  it('answers 404 BOOK_NOT_FOUND for an unknown or deleted book', async () => {
    expect((await borrow(member, { bookId: randomUUID() })).body.code).toBe('BOOK_NOT_FOUND');
    const { bookId } = await addBook(stack);
    await sql(stack, 'UPDATE books SET deleted_at = now() WHERE id = $1', [bookId]);
    const response = await borrow(member, { bookId });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('BOOK_NOT_FOUND');
  });

  it('answers 404 COPY_NOT_FOUND for an unknown copy or a copy of a deleted book', async () => {
    const unknown = await borrow(member, { copyId: randomUUID() });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('COPY_NOT_FOUND');
    const { bookId, copyIds } = await addBook(stack);
    await sql(stack, 'UPDATE books SET deleted_at = now() WHERE id = $1', [bookId]);
    const deleted = await borrow(member, { copyId: copyIds[0] });
    expect(deleted.status).toBe(404);
    expect(deleted.body.code).toBe('COPY_NOT_FOUND');
  });

  it('answers 409 NO_COPY_AVAILABLE when every copy is out, lost or withdrawn, or the book has none', async () => {
    const { bookId, copyIds } = await addBook(stack, 3);
    await sql(stack, `UPDATE copies SET status = 'lost' WHERE id = $1`, [copyIds[0]]);
    await sql(stack, `UPDATE copies SET status = 'withdrawn' WHERE id = $1`, [copyIds[1]]);
    expect((await borrow(otherMember, { bookId })).body.copyId).toBe(copyIds[2]);
    const response = await borrow(member, { bookId });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('NO_COPY_AVAILABLE');
    const empty = await addBook(stack, 0);
    expect((await borrow(member, { bookId: empty.bookId })).body.code).toBe('NO_COPY_AVAILABLE');
  });

  it('answers 409 COPY_NOT_AVAILABLE for a copy on loan or lost', async () => {
    const { copyIds } = await addBook(stack, 2);
    expect((await borrow(otherMember, { copyId: copyIds[0] })).status).toBe(201);
    const onLoan = await borrow(member, { copyId: copyIds[0] });
    expect(onLoan.status).toBe(409);
    expect(onLoan.body.code).toBe('COPY_NOT_AVAILABLE');
    await sql(stack, `UPDATE copies SET status = 'lost' WHERE id = $1`, [copyIds[1]]);
    expect((await borrow(member, { copyId: copyIds[1] })).body.code).toBe('COPY_NOT_AVAILABLE');
  });

  it('answers 409 LOAN_LIMIT_REACHED at 5 active loans, overdue ones included, and lends again after a return', async () => {
    const borrower = member;
    const loans = [];
    for (let i = 0; i < 5; i++) loans.push(await lendNewBook(borrower));
    await makeOverdue(loans[0].id, 2);
    const { bookId } = await addBook(stack);
    const refused = await borrow(borrower, { bookId });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('LOAN_LIMIT_REACHED');
    expect((await borrow(librarian, { bookId, userId: borrower.id })).body.code).toBe('LOAN_LIMIT_REACHED');
    expect((await post(`/loans/${loans[1].id}/return`, borrower)).status).toBe(200);
    expect((await borrow(borrower, { bookId })).status).toBe(201);
  });

  it('answers 403 MEMBER_SUSPENDED to a suspended member, also when a librarian lends to them', async () => {
    const borrower = member;
    await sql(stack, `UPDATE users SET status = 'suspended' WHERE id = $1`, [borrower.id]);
    const { bookId } = await addBook(stack);
    for (const response of [
      await borrow(borrower, { bookId }),
      await borrow(librarian, { bookId, userId: borrower.id }),
    ]) {
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('MEMBER_SUSPENDED');
    }
    await sql(stack, `UPDATE users SET status = 'active' WHERE id = $1`, [borrower.id]);
    expect((await borrow(borrower, { bookId })).status).toBe(201);
  });

  it('answers 403 FINES_OUTSTANDING from 500 cents of unpaid fines, and lends again once they are paid', async () => {
    const borrower = member;
    const { bookId } = await addBook(stack, 1);
    // 19 days late = 475 cents: still allowed.
    const first = await lendNewBook(borrower);
    await makeOverdue(first.id, 19);
    expect((await post(`/loans/${first.id}/return`, borrower)).body.fineCents).toBe(475);
    const second = await lendNewBook(borrower);
    // One more day late brings the unpaid total to 500.
    await makeOverdue(second.id, 1);
    expect((await post(`/loans/${second.id}/return`, borrower)).body.fineCents).toBe(25);
    const refused = await borrow(borrower, { bookId });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FINES_OUTSTANDING');
    expect((await post(`/loans/${first.id}/pay-fine`, librarian)).status).toBe(200);
    expect((await borrow(borrower, { bookId })).status).toBe(201);
  });
});

describe('POST /api/v1/loans/:id/return', () => {
  it('returns an on-time loan without a fine and frees the copy', async () => {
    const loan = await lendNewBook(member);
    const response = await post(`/loans/${loan.id}/return`, member);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: loan.id, fineCents: 0, status: 'returned', dueAt: loan.dueAt });
    expect(Date.parse(response.body.returnedAt)).toBeGreaterThanOrEqual(Date.parse(loan.loanedAt));
    expect(await copyStatus(loan.copyId)).toBe('available');
    expect((await borrow(otherMember, { copyId: loan.copyId })).status).toBe(201);
  });

  it('charges 25 cents per whole day overdue: 3 days late is 75 cents', async () => {
    const loan = await lendNewBook(member);
    await makeOverdue(loan.id, 3);
    const response = await post(`/loans/${loan.id}/return`, member);
    expect(response.status).toBe(200);
    expect(response.body.fineCents).toBe(75);
    const [row] = await sql(stack, 'SELECT fine_cents, fine_paid_at FROM loans WHERE id = $1', [loan.id]);
    expect(row).toEqual({ fine_cents: 75, fine_paid_at: null });
  });

  it('caps the fine at 1000 cents', async () => {
    const borrower = member;
    const loan = await lendNewBook(borrower);
    await makeOverdue(loan.id, 90);
    expect((await post(`/loans/${loan.id}/return`, borrower)).body.fineCents).toBe(1000);
  });

  it('answers 409 LOAN_ALREADY_RETURNED to a second return', async () => {
    const loan = await lendNewBook(member);
    expect((await post(`/loans/${loan.id}/return`, member)).status).toBe(200);
    const again = await post(`/loans/${loan.id}/return`, member);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('LOAN_ALREADY_RETURNED');
  });

  it("lets a librarian or an admin return a member's loan", async () => {
    for (const staff of [librarian, admin]) {
      const loan = await lendNewBook(member);
      const response = await post(`/loans/${loan.id}/return`, staff);
      expect(response.status).toBe(200);
      expect(response.body.status).toBe('returned');
    }
  });

  it("hides another member's loan (404), an unknown loan (404), and needs a token and a UUID", async () => {
    const loan = await lendNewBook(member);
    const foreign = await post(`/loans/${loan.id}/return`, otherMember);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('LOAN_NOT_FOUND');
    expect((await post(`/loans/${randomUUID()}/return`, librarian)).body.code).toBe('LOAN_NOT_FOUND');
    expect((await post(`/loans/${loan.id}/return`)).status).toBe(401);
    expect((await post('/loans/42/return', member)).status).toBe(400);
    expect(await copyStatus(loan.copyId)).toBe('on_loan');
  });
});

describe('POST /api/v1/loans/:id/renew', () => {
  it('extends the due date by 14 days from the current due date, at most twice', async () => {
    const loan = await lendNewBook(member);
    const first = await post(`/loans/${loan.id}/renew`, member);
    expect(first.status).toBe(200);
    expect(first.body.renewals).toBe(1);
    expect(Date.parse(first.body.dueAt) - Date.parse(loan.dueAt)).toBe(14 * DAY_MS);
    const second = await post(`/loans/${loan.id}/renew`, member);
    expect(Date.parse(second.body.dueAt) - Date.parse(loan.dueAt)).toBe(28 * DAY_MS);
    const third = await post(`/loans/${loan.id}/renew`, member);
    expect(third.status).toBe(409);
    expect(third.body.code).toBe('RENEWAL_LIMIT_REACHED');
    expect((await get(`/loans/${loan.id}`, member)).body).toMatchObject({ renewals: 2, dueAt: second.body.dueAt });
  });

  it('answers 409 LOAN_OVERDUE for an overdue loan', async () => {
    const loan = await lendNewBook(member);
    await makeOverdue(loan.id, 1);
    const response = await post(`/loans/${loan.id}/renew`, member);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('LOAN_OVERDUE');
  });

  it('answers 409 LOAN_ALREADY_RETURNED for a returned loan', async () => {
    const loan = await lendNewBook(member);
    await post(`/loans/${loan.id}/return`, member);
    const response = await post(`/loans/${loan.id}/renew`, member);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('LOAN_ALREADY_RETURNED');
  });

  it('lets a librarian or an admin renew, hides the loan from another member, and needs a token', async () => {
    const loan = await lendNewBook(member);
    expect((await post(`/loans/${loan.id}/renew`, librarian)).body.renewals).toBe(1);
    expect((await post(`/loans/${loan.id}/renew`, admin)).body.renewals).toBe(2);
    const foreign = await post(`/loans/${loan.id}/renew`, otherMember);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('LOAN_NOT_FOUND');
    expect((await post(`/loans/${randomUUID()}/renew`, member)).body.code).toBe('LOAN_NOT_FOUND');
    expect((await post(`/loans/${loan.id}/renew`)).status).toBe(401);
  });
});

describe('POST /api/v1/loans/:id/pay-fine', () => {
  async function finedLoan(): Promise<Record<string, any>> {
    const borrower = member;
    const loan = await lendNewBook(borrower);
    await makeOverdue(loan.id, 4);
    expect((await post(`/loans/${loan.id}/return`, borrower)).body.fineCents).toBe(100);
    return loan;
  }

  it('lets a librarian mark the fine paid, once', async () => {
    const loan = await finedLoan();
    const paid = await post(`/loans/${loan.id}/pay-fine`, librarian);
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ id: loan.id, fineCents: 100, finePaidAt: expect.any(String) });
    const again = await post(`/loans/${loan.id}/pay-fine`, librarian);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NO_FINE_DUE');
  });

  it('lets an admin mark a fine paid', async () => {
    const loan = await finedLoan();
    expect((await post(`/loans/${loan.id}/pay-fine`, admin)).status).toBe(200);
  });

  it('answers 409 NO_FINE_DUE for a loan returned on time or still out', async () => {
    const out = await lendNewBook(member);
    expect((await post(`/loans/${out.id}/pay-fine`, librarian)).body.code).toBe('NO_FINE_DUE');
    await post(`/loans/${out.id}/return`, member);
    const response = await post(`/loans/${out.id}/pay-fine`, librarian);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('NO_FINE_DUE');
  });

  it('is for librarians only, and answers 404 LOAN_NOT_FOUND for an unknown loan', async () => {
    const loan = await finedLoan();
    const byMember = await post(`/loans/${loan.id}/pay-fine`, member);
    expect(byMember.status).toBe(403);
    expect((await post(`/loans/${loan.id}/pay-fine`)).status).toBe(401);
    const unknown = await post(`/loans/${randomUUID()}/pay-fine`, librarian);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('LOAN_NOT_FOUND');
    const [row] = await sql(stack, 'SELECT fine_paid_at FROM loans WHERE id = $1', [loan.id]);
    expect(row.fine_paid_at).toBeNull();
  });
});

describe('GET /api/v1/loans/:id', () => {
  it('shows a loan to its borrower, a librarian and an admin, and as 404 to another member', async () => {
    const loan = await lendNewBook(member);
    for (const reader of [member, librarian, admin]) {
      const response = await get(`/loans/${loan.id}`, reader);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(loan);
    }
    const foreign = await get(`/loans/${loan.id}`, otherMember);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('LOAN_NOT_FOUND');
    expect((await get(`/loans/${randomUUID()}`, librarian)).body.code).toBe('LOAN_NOT_FOUND');
    expect((await get(`/loans/${loan.id}`)).status).toBe(401);
    expect((await get('/loans/not-a-uuid', member)).status).toBe(400);
  });

  it('shows an unreturned loan past its due date as overdue', async () => {
    const loan = await lendNewBook(member);
    await makeOverdue(loan.id, 1);
    expect((await get(`/loans/${loan.id}`, member)).body.status).toBe('overdue');
  });
});

describe('GET /api/v1/loans', () => {
  let reader: Actor;
  let neighbour: Actor;
  const ids: Record<'active' | 'overdue' | 'returned', string> = { active: '', overdue: '', returned: '' };

  beforeAll(async () => {
    [reader, neighbour] = await Promise.all([freshMember(), freshMember()]);
    ids.active = (await lendNewBook(reader)).id;
    ids.overdue = (await lendNewBook(reader)).id;
    await makeOverdue(ids.overdue, 2);
    ids.returned = (await lendNewBook(reader)).id;
    await post(`/loans/${ids.returned}/return`, reader);
    await lendNewBook(neighbour);
  }, 60_000);

  const idsOf = (body: { items: { id: string }[] }) => body.items.map((item) => item.id).sort();

  it('shows a member only their own loans, newest first', async () => {
    const response = await get('/loans', reader);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ page: 1, limit: 20, total: 3 });
    expect(response.body.items.every((item: { userId: string }) => item.userId === reader.id)).toBe(true);
    expect(response.body.items[0].id).toBe(ids.returned);
    expect((await get(`/loans?userId=${reader.id}`, reader)).body.total).toBe(3);
  });

  it("answers 403 to a member asking for another member's loans", async () => {
    const response = await get(`/loans?userId=${neighbour.id}`, reader);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('FORBIDDEN');
  });

  it('filters by status', async () => {
    for (const status of ['active', 'overdue', 'returned'] as const) {
      const response = await get(`/loans?status=${status}`, reader);
      expect(idsOf(response.body)).toEqual([ids[status]]);
      expect(response.body.items[0].status).toBe(status);
    }
  });

  it("shows librarians and admins everyone's loans, filterable by borrower", async () => {
    for (const staff of [librarian, admin]) {
      const all = await get('/loans?limit=100', staff);
      expect(all.status).toBe(200);
      const borrowers = new Set(all.body.items.map((item: { userId: string }) => item.userId));
      expect(borrowers.has(reader.id) && borrowers.has(neighbour.id)).toBe(true);
      const theirs = await get(`/loans?userId=${reader.id}&status=overdue`, staff);
      expect(idsOf(theirs.body)).toEqual([ids.overdue]);
    }
  });

  it('paginates with page and limit', async () => {
    const first = await get('/loans?limit=2&page=1', reader);
    const second = await get('/loans?limit=2&page=2', reader);
    expect(first.body).toMatchObject({ page: 1, limit: 2, total: 3 });
    expect(second.body).toMatchObject({ page: 2, limit: 2, total: 3 });
    expect(first.body.items).toHaveLength(2);
    expect(second.body.items).toHaveLength(1);
    expect([...idsOf(first.body), ...idsOf(second.body)].sort()).toEqual(Object.values(ids).sort());
  });

  it('rejects an unknown status, a bad userId, a limit over 100, and anonymous callers', async () => {
    for (const query of ['status=lost', 'userId=nope', 'limit=101', 'page=0']) {
      const response = await get(`/loans?${query}`, librarian);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await get('/loans')).status).toBe(401);
  });
});

describe('loan metrics', () => {
  it('counts loan operations by operation and outcome on /metrics', async () => {
    const response = await stack.api.request('GET', '/metrics');
    expect(response.status).toBe(200);
    const value = (labels: string) => {
      const match = new RegExp(`^lms_loan_operations_total\\{${labels}\\} (\\d+)$`, 'm').exec(response.text);
      return match ? Number(match[1]) : 0;
    };
    expect(value('operation="checkout",outcome="success"')).toBeGreaterThan(10);
    expect(value('operation="checkout",outcome="rejected"')).toBeGreaterThan(5);
    expect(value('operation="return",outcome="success"')).toBeGreaterThan(5);
    expect(value('operation="return",outcome="rejected"')).toBeGreaterThan(0);
    expect(value('operation="renew",outcome="success"')).toBeGreaterThan(0);
    expect(value('operation="renew",outcome="rejected"')).toBeGreaterThan(0);
    expect(value('operation="pay_fine",outcome="success"')).toBeGreaterThan(0);
    expect(value('operation="pay_fine",outcome="rejected"')).toBeGreaterThan(0);
    expect(value('operation="checkout",outcome="error"')).toBe(0);
  });
});
