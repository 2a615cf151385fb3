import { beforeAll, describe, expect, it } from '@jest/globals';
import { createActor, sql, type Actor } from '../test/actors.js';
import { copyStatus, lendAllCopies, passPickupDate } from '../test/hold-fixtures.js';
import { queueViolations } from '../test/hold-invariants.js';
import { addBook } from '../test/loan-fixtures.js';
import { statusCounts, useReplicatedStack } from '../test/replicas.js';

/**
 * Two API processes on one database, as two replicas behind a Service: requests alternate between
 * them, so only the database (row and advisory locks, unique indexes) can keep the queue right.
 */
const replicated = useReplicatedStack();
const { members, post } = replicated;
/** Holds the copies of the titles the queues form for. */
let borrower: Actor;

beforeAll(async () => {
  borrower = await createActor(replicated.stack, 'member');
});

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('holds placed at once', () => {
  it('gives 50 members holding one title at once the positions 1…50, each once', async () => {
    const { bookId } = await addBook(replicated.stack, 1);
    await lendAllCopies(replicated.stack, bookId, borrower.id);
    const responses = await Promise.all(members.map((member, i) => post(i, '/holds', member, { bookId })));
    expect(statusCounts(responses)).toEqual({ '201': 50 });
    const positions = responses.map((response) => response.body.position).sort((a, b) => a - b);
    expect(positions).toEqual(range(50));
    // The position each was told is its place in the queue order the database keeps.
    const order = await sql<{ id: string }>(
      replicated.stack,
      `SELECT id FROM holds WHERE book_id = $1 ORDER BY queue_number`,
      [bookId],
    );
    const told = new Map(responses.map((response) => [response.body.id, response.body.position]));
    expect(order.map((row) => told.get(row.id))).toEqual(range(50));
  }, 60_000);

  it('sets each of 3 copies on the shelf aside once when 50 members hold the title at once', async () => {
    const { bookId, copyIds } = await addBook(replicated.stack, 3);
    const responses = await Promise.all(members.map((member, i) => post(i, '/holds', member, { bookId })));
    expect(statusCounts(responses)).toEqual({ '201': 50 });
    const ready = responses.filter((response) => response.body.status === 'ready');
    expect(ready.map((response) => response.body.copyId).sort()).toEqual([...copyIds].sort());
    const waiting = responses.filter((response) => response.body.status === 'waiting');
    expect(waiting.map((response) => response.body.position).sort((a, b) => a - b)).toEqual(range(47));
    expect(await queueViolations(replicated.stack, bookId)).toEqual([]);
  }, 60_000);

  it('lets one member win only one of 10 simultaneous holds on a title', async () => {
    const member = members[0];
    const { bookId } = await addBook(replicated.stack, 1);
    await lendAllCopies(replicated.stack, bookId, borrower.id);
    const responses = await Promise.all(range(10).map((i) => post(i, '/holds', member, { bookId })));
    expect(statusCounts(responses)).toEqual({ '201': 1, '409 HOLD_EXISTS': 9 });
  });
});

describe('cancellations and expiries racing', () => {
  it('never gives one copy to two holds when ready holds are cancelled and expired while others cancel', async () => {
    for (let round = 0; round < 4; round++) {
      const { bookId, copyIds } = await addBook(replicated.stack, 2);
      const queue = members.slice(round * 12, round * 12 + 12);
      const holds: Record<string, any>[] = [];
      for (const member of queue) holds.push((await post(0, '/holds', member, { bookId })).body);
      expect(holds.slice(0, 2).map((hold) => hold.status)).toEqual(['ready', 'ready']);
      // The first ready hold is past its pickup date; its holder and others cancel while passes run.
      await passPickupDate(replicated.stack, holds[0].id);
      const racing = [
        post(round, `/holds/${holds[0].id}/cancel`, queue[0]),
        post(round + 1, `/holds/${holds[1].id}/cancel`, queue[1]),
        post(round, '/holds/maintenance', replicated.librarian),
        post(round + 1, '/holds/maintenance', replicated.librarian),
        ...[2, 3, 4].map((i) => post(round + i, `/holds/${holds[i].id}/cancel`, queue[i])),
      ];
      const responses = await Promise.all(racing);
      expect(responses.every((response) => response.status < 500)).toBe(true);
      // The expired-or-cancelled hold answered once as cancelled, or was expired by a pass.
      expect([200, 409]).toContain(responses[0].status);
      expect(await queueViolations(replicated.stack, bookId)).toEqual([]);
      const ready = await sql<{ user_id: string; copy_id: string }>(
        replicated.stack,
        `SELECT user_id, copy_id FROM holds WHERE book_id = $1 AND status = 'ready' ORDER BY queue_number`,
        [bookId],
      );
      // Holders 0–4 are out; the copies went to the next two in line.
      expect(ready.map((hold) => hold.user_id)).toEqual([queue[5].id, queue[6].id]);
      expect(ready.map((hold) => hold.copy_id).sort()).toEqual([...copyIds].sort());
      for (const copyId of copyIds) expect(await copyStatus(replicated.stack, copyId)).toBe('on_hold_shelf');
    }
  }, 60_000);
});

describe('returns, checkouts and cancellations racing', () => {
  it('never lends a copy set aside for a hold to anyone but its holder', async () => {
    for (let round = 0; round < 3; round++) {
      const { bookId } = await addBook(replicated.stack, 2);
      const [lenderA, lenderB] = members.slice(40 + round * 3, 42 + round * 3);
      const loans = [
        (await post(0, '/loans', lenderA, { bookId })).body,
        (await post(1, '/loans', lenderB, { bookId })).body,
      ];
      expect(loans.every((loan) => loan.id)).toBe(true);
      const holders = members.slice(round * 12, round * 12 + 10);
      const outsiders = members.slice(round * 12 + 10, round * 12 + 12);
      const holds: Record<string, any>[] = [];
      for (const holder of holders) holds.push((await post(0, '/holds', holder, { bookId })).body);
      const requests = [
        post(round, `/loans/${loans[0].id}/return`, lenderA),
        post(round + 1, `/loans/${loans[1].id}/return`, lenderB),
        ...holders.map((holder, i) => post(round + i, '/loans', holder, { bookId })),
        ...outsiders.map((outsider, i) => post(round + i, '/loans', outsider, { bookId })),
        post(round, `/holds/${holds[1].id}/cancel`, holders[1]),
        post(round + 1, '/holds/maintenance', replicated.librarian),
      ];
      const responses = await Promise.all(requests);
      expect(responses.every((response) => response.status < 500)).toBe(true);
      const outsiderResponses = responses.slice(2 + holders.length, 2 + holders.length + outsiders.length);
      expect(outsiderResponses.every((response) => response.status === 409)).toBe(true);
      // Every loan made in the race is the fulfilment of its borrower's hold.
      const lent = await sql<{ id: string; user_id: string; fulfilled: number }>(
        replicated.stack,
        `SELECT l.id, l.user_id,
           (SELECT count(*)::int FROM holds h WHERE h.loan_id = l.id AND h.user_id = l.user_id AND h.status = 'fulfilled') AS fulfilled
         FROM loans l WHERE l.book_id = $1 AND l.returned_at IS NULL`,
        [bookId],
      );
      for (const loan of lent) expect(loan).toMatchObject({ fulfilled: 1 });
      expect(lent.every((loan) => holders.some((holder) => holder.id === loan.user_id))).toBe(true);
      expect(await queueViolations(replicated.stack, bookId)).toEqual([]);
    }
  }, 60_000);
});
