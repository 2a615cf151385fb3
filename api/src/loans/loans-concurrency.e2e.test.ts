import { describe, expect, it } from '@jest/globals';
import { createActor, sql, type Actor } from '../test/actors.js';
import { addBook } from '../test/loan-fixtures.js';
import { statusCounts, useReplicatedStack } from '../test/replicas.js';

/**
 * Two API processes on one database, as with two replicas behind a Service: requests alternate
 * between them, so no in-process lock could be what keeps the rules.
 */
const replicated = useReplicatedStack();
const { members, post } = replicated;

async function activeLoans(column: 'book_id' | 'user_id', id: string): Promise<number> {
  const [row] = await sql<{ count: number }>(
    replicated.stack,
    `SELECT count(*)::int AS count FROM loans WHERE ${column} = $1 AND returned_at IS NULL`,
    [id],
  );
  return row.count;
}

describe('concurrent checkouts', () => {
  it('lends the only copy of a book to exactly one of 50 members asking at once', async () => {
    const { bookId, copyIds } = await addBook(replicated.stack, 1);
    const responses = await Promise.all(members.map((member, i) => post(i, '/loans', member, { bookId })));
    expect(statusCounts(responses)).toEqual({ '201': 1, '409 NO_COPY_AVAILABLE': 49 });
    expect(await activeLoans('book_id', bookId)).toBe(1);
    const [copy] = await sql(replicated.stack, 'SELECT status FROM copies WHERE id = $1', [copyIds[0]]);
    expect(copy.status).toBe('on_loan');
  });

  it('lends a named copy to exactly one of 50 members asking at once', async () => {
    const { bookId, copyIds } = await addBook(replicated.stack, 1);
    const responses = await Promise.all(members.map((member, i) => post(i, '/loans', member, { copyId: copyIds[0] })));
    expect(statusCounts(responses)).toEqual({ '201': 1, '409 COPY_NOT_AVAILABLE': 49 });
    expect(await activeLoans('book_id', bookId)).toBe(1);
  });

  it('lends each of 3 copies once when 50 members ask at once', async () => {
    const { bookId, copyIds } = await addBook(replicated.stack, 3);
    const responses = await Promise.all(members.map((member, i) => post(i, '/loans', member, { bookId })));
    expect(statusCounts(responses)).toEqual({ '201': 3, '409 NO_COPY_AVAILABLE': 47 });
    const lent = responses.filter((response) => response.status === 201).map((response) => response.body.copyId);
    expect(lent.sort()).toEqual([...copyIds].sort());
  });

  it('lets a member one below the limit win only one of 10 simultaneous checkouts', async () => {
    const member = await createActor(replicated.stack, 'member');
    for (let i = 0; i < 4; i++) {
      const { bookId } = await addBook(replicated.stack);
      expect((await post(i, '/loans', member, { bookId })).status).toBe(201);
    }
    const books = await Promise.all(Array.from({ length: 10 }, () => addBook(replicated.stack)));
    const responses = await Promise.all(books.map(({ bookId }, i) => post(i, '/loans', member, { bookId })));
    expect(statusCounts(responses)).toEqual({ '201': 1, '409 LOAN_LIMIT_REACHED': 9 });
    expect(await activeLoans('user_id', member.id)).toBe(5);
  });

  it('never exceeds the limit when a member and a librarian lend to the same member at once', async () => {
    const member = await createActor(replicated.stack, 'member');
    const books = await Promise.all(Array.from({ length: 12 }, () => addBook(replicated.stack)));
    const responses = await Promise.all(
      books.map(({ bookId }, i) =>
        i % 2 === 0
          ? post(i, '/loans', member, { bookId })
          : post(i, '/loans', replicated.librarian, { bookId, userId: member.id }),
      ),
    );
    expect(statusCounts(responses)).toEqual({ '201': 5, '409 LOAN_LIMIT_REACHED': 7 });
    expect(await activeLoans('user_id', member.id)).toBe(5);
  });
});

describe('concurrent changes of one loan', () => {
  async function newLoan(member: Actor): Promise<Record<string, any>> {
    const { bookId } = await addBook(replicated.stack);
    const response = await post(0, '/loans', member, { bookId });
    expect(response.status).toBe(201);
    return response.body;
  }

  it('returns a loan once when it is returned twice at the same moment', async () => {
    const member = members[0];
    for (let round = 0; round < 5; round++) {
      const loan = await newLoan(member);
      const responses = await Promise.all([0, 1].map((i) => post(i, `/loans/${loan.id}/return`, member)));
      expect(statusCounts(responses)).toEqual({ '200': 1, '409 LOAN_ALREADY_RETURNED': 1 });
    }
  });

  it('answers one 200 and one 409 to a simultaneous return and renewal when the return wins, and stays consistent otherwise', async () => {
    const member = members[1];
    for (let round = 0; round < 8; round++) {
      const loan = await newLoan(member);
      // Alternate which request leaves first and which replica serves it.
      const order = round % 2 === 0 ? ['return', 'renew'] : ['renew', 'return'];
      const responses = await Promise.all(
        order.map((action, i) => post(i + round, `/loans/${loan.id}/${action}`, member)),
      );
      const byAction = Object.fromEntries(order.map((action, i) => [action, responses[i]]));
      expect(byAction.return.status).toBe(200);
      const [row] = await sql(replicated.stack, 'SELECT renewals, due_at, returned_at FROM loans WHERE id = $1', [
        loan.id,
      ]);
      expect(row.returned_at).not.toBeNull();
      if (byAction.renew.status === 200) {
        // The renewal committed first: the return saw the renewed loan.
        expect(byAction.return.body.renewals).toBe(1);
        expect(row.renewals).toBe(1);
      } else {
        expect(byAction.renew.status).toBe(409);
        expect(byAction.renew.body.code).toBe('LOAN_ALREADY_RETURNED');
        expect(row.renewals).toBe(0);
        expect(row.due_at.toISOString()).toBe(loan.dueAt);
      }
      const [copy] = await sql(replicated.stack, 'SELECT status FROM copies WHERE id = $1', [loan.copyId]);
      expect(copy.status).toBe('available');
    }
  });

  it('grants only one of two simultaneous renewals of a loan renewed once already', async () => {
    const member = members[2];
    const loan = await newLoan(member);
    expect((await post(0, `/loans/${loan.id}/renew`, member)).status).toBe(200);
    const responses = await Promise.all([0, 1].map((i) => post(i, `/loans/${loan.id}/renew`, member)));
    expect(statusCounts(responses)).toEqual({ '200': 1, '409 RENEWAL_LIMIT_REACHED': 1 });
    const [row] = await sql(replicated.stack, 'SELECT renewals FROM loans WHERE id = $1', [loan.id]);
    expect(row.renewals).toBe(2);
  });

  it('records one payment of a fine paid twice at the same moment', async () => {
    const member = members[3];
    const loan = await newLoan(member);
    await sql(
      replicated.stack,
      `UPDATE loans SET loaned_at = now() - interval '30 days', due_at = now() - interval '2 days' WHERE id = $1`,
      [loan.id],
    );
    expect((await post(0, `/loans/${loan.id}/return`, member)).body.fineCents).toBe(50);
    const responses = await Promise.all([0, 1].map((i) => post(i, `/loans/${loan.id}/pay-fine`, replicated.librarian)));
    expect(statusCounts(responses)).toEqual({ '200': 1, '409 NO_FINE_DUE': 1 });
  });
});

describe('loan metrics across the traffic', () => {
  it('counts no loan operation as an error', async () => {
    for (const replica of replicated.replicas) {
      const metrics = (await replica.request('GET', '/metrics')).text;
      expect(metrics).toMatch(/^lms_loan_operations_total\{operation="checkout",outcome="success"\} [1-9]\d*$/m);
      expect(metrics).not.toMatch(/^lms_loan_operations_total\{[^}]*outcome="error"\} [1-9]/m);
    }
  });
});
