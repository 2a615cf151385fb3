import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createActors, sql, type Actor } from '../test/actors.js';
import { copyStatus, lendAllCopies, passPickupDate, placeHold } from '../test/hold-fixtures.js';
import { addBook } from '../test/loan-fixtures.js';
import { useStack } from '../test/use-stack.js';

const stack = useStack();

let librarian: Actor;
let admin: Actor;
let member: Actor;
let other: Actor;
/** Holds the copies of the books the tests queue for. */
let borrower: Actor;

beforeAll(async () => {
  [librarian, admin, borrower] = await createActors(stack, 'librarian', 'admin', 'member');
}, 60_000);

beforeEach(async () => {
  [member, other] = await createActors(stack, 'member', 'member');
});

const get = (path: string, actor: Actor) => stack.api.request('GET', `/api/v1${path}`, { token: actor.token });
const post = (path: string, actor: Actor, body?: unknown) =>
  stack.api.request('POST', `/api/v1${path}`, { token: actor.token, body });

/** A book whose only copies are all on loan, so holds on it wait. */
async function bookOnLoan(copies = 1) {
  const book = await addBook(stack, copies);
  await lendAllCopies(stack, book.bookId, borrower.id);
  return book;
}

describe('POST /api/v1/holds', () => {
  it('sets a copy on the shelf aside at once: the hold is ready until pickupBy, the copy on the hold shelf', async () => {
    const { bookId, copyIds } = await addBook(stack, 1);
    const before = Date.now();
    const response = await placeHold(stack, member, { bookId });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ bookId, userId: member.id, status: 'ready', position: null });
    expect(response.body.copyId).toBe(copyIds[0]);
    expect(response.body.copyBarcode).toEqual(expect.any(String));
    const pickupDays = (Date.parse(response.body.pickupBy) - before) / 86_400_000;
    expect(pickupDays).toBeGreaterThan(6.99);
    expect(pickupDays).toBeLessThan(7.01);
    expect(await copyStatus(stack, copyIds[0])).toBe('on_hold_shelf');
    const book = await stack.api.request('GET', `/api/v1/books/${bookId}`);
    expect(book.body.copiesAvailable).toBe(0);
  });

  it('queues holds on a title with every copy out, first come first served', async () => {
    const { bookId } = await bookOnLoan();
    const first = await placeHold(stack, member, { bookId });
    const second = await placeHold(stack, other, { bookId });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.body).toMatchObject({ status: 'waiting', position: 1, copyId: null, pickupBy: null });
    expect(second.body).toMatchObject({ status: 'waiting', position: 2 });
  });

  it('lets a librarian place a hold for a member, and refuses a member doing it for another', async () => {
    const { bookId } = await bookOnLoan();
    const byLibrarian = await placeHold(stack, librarian, { bookId, userId: member.id });
    expect(byLibrarian.status).toBe(201);
    expect(byLibrarian.body.userId).toBe(member.id);
    const byMember = await placeHold(stack, other, { bookId, userId: member.id });
    expect(byMember.status).toBe(403);
    expect(byMember.body.code).toBe('FORBIDDEN');
  });

  it('refuses a second active hold on the same title with 409 HOLD_EXISTS', async () => {
    const { bookId } = await bookOnLoan();
    expect((await placeHold(stack, member, { bookId })).status).toBe(201);
    const again = await placeHold(stack, member, { bookId });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('HOLD_EXISTS');
  });

  it('refuses a hold on a title the member has on loan with 409 ALREADY_ON_LOAN', async () => {
    const { bookId } = await addBook(stack, 2);
    await lendAllCopies(stack, bookId, member.id);
    const response = await placeHold(stack, member, { bookId });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('ALREADY_ON_LOAN');
  });

  it('refuses a sixth active hold with 409 HOLD_LIMIT_REACHED (5 by default)', async () => {
    for (let i = 0; i < 5; i++) {
      const { bookId } = await bookOnLoan();
      expect((await placeHold(stack, member, { bookId })).status).toBe(201);
    }
    const { bookId } = await bookOnLoan();
    const sixth = await placeHold(stack, member, { bookId });
    expect(sixth.status).toBe(409);
    expect(sixth.body.code).toBe('HOLD_LIMIT_REACHED');
  });

  it('keeps the standing blocks: a suspended member (403 MEMBER_SUSPENDED) and unpaid fines (403 FINES_OUTSTANDING)', async () => {
    const { bookId } = await bookOnLoan();
    await sql(stack, `UPDATE users SET status = 'suspended' WHERE id = $1`, [member.id]);
    const suspended = await placeHold(stack, member, { bookId });
    expect([suspended.status, suspended.body.code]).toEqual([403, 'MEMBER_SUSPENDED']);
    const fined = await addBook(stack, 1);
    await sql(
      stack,
      `INSERT INTO loans (user_id, book_id, copy_id, loaned_at, due_at, returned_at, fine_cents)
       VALUES ($1, $2, $3, now() - interval '40 days', now() - interval '26 days', now(), 500)`,
      [other.id, fined.bookId, fined.copyIds[0]],
    );
    const finedResponse = await placeHold(stack, other, { bookId });
    expect([finedResponse.status, finedResponse.body.code]).toEqual([403, 'FINES_OUTSTANDING']);
  });

  it('refuses a hold on a title whose copies are all reference works with 409 HOLDS_NOT_ALLOWED', async () => {
    const { bookId } = await addBook(stack, 2);
    await sql(stack, `UPDATE copies SET item_type = 'reference' WHERE book_id = $1`, [bookId]);
    const response = await placeHold(stack, member, { bookId });
    expect([response.status, response.body.code]).toEqual([409, 'HOLDS_NOT_ALLOWED']);
  });

  it('never sets a reference copy aside: the hold waits for the lendable copy', async () => {
    const { bookId, copyIds } = await addBook(stack, 2);
    await sql(stack, `UPDATE copies SET item_type = 'reference' WHERE id = $1`, [copyIds[0]]);
    await sql(stack, `UPDATE copies SET status = 'on_loan' WHERE id = $1`, [copyIds[1]]);
    const response = await placeHold(stack, member, { bookId });
    expect(response.body).toMatchObject({ status: 'waiting', position: 1 });
    expect(await copyStatus(stack, copyIds[0])).toBe('available');
  });

  it('answers 404 BOOK_NOT_FOUND for an unknown or deleted book and 404 USER_NOT_FOUND for an unknown member', async () => {
    const unknown = await placeHold(stack, member, { bookId: randomUUID() });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'BOOK_NOT_FOUND']);
    const { bookId } = await addBook(stack);
    await sql(stack, `UPDATE books SET deleted_at = now() WHERE id = $1`, [bookId]);
    const deleted = await placeHold(stack, member, { bookId });
    expect([deleted.status, deleted.body.code]).toEqual([404, 'BOOK_NOT_FOUND']);
    const live = await addBook(stack);
    const noUser = await placeHold(stack, librarian, { bookId: live.bookId, userId: randomUUID() });
    expect([noUser.status, noUser.body.code]).toEqual([404, 'USER_NOT_FOUND']);
  });

  it('rejects malformed bodies with 400 VALIDATION_FAILED naming the field', async () => {
    for (const body of [
      {},
      { bookId: 'not-a-uuid' },
      { bookId: randomUUID(), userId: 42 },
      { bookId: randomUUID(), extra: 1 },
    ]) {
      const response = await placeHold(stack, member, body);
      expect({ body, status: response.status, code: response.body.code }).toEqual({
        body,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(response.body.errors.length).toBeGreaterThan(0);
    }
  });
});

describe('GET /api/v1/holds and /holds/:id', () => {
  it('shows a member their own holds only, and hides others’ holds as 404', async () => {
    const { bookId } = await bookOnLoan();
    const mine = (await placeHold(stack, member, { bookId })).body;
    await placeHold(stack, other, { bookId });
    const list = await get('/holds', member);
    expect(list.status).toBe(200);
    expect(list.body.items.map((hold: any) => hold.id)).toEqual([mine.id]);
    expect(list.body.total).toBe(1);
    expect((await get(`/holds/${mine.id}`, member)).body.position).toBe(1);
    const hidden = await get(`/holds/${mine.id}`, other);
    expect([hidden.status, hidden.body.code]).toEqual([404, 'HOLD_NOT_FOUND']);
    const filtered = await get(`/holds?userId=${other.id}`, member);
    expect([filtered.status, filtered.body.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('shows librarians the queue of a title in order, filtered by book and status', async () => {
    const { bookId } = await bookOnLoan();
    const ids = [];
    for (const actor of [member, other]) ids.push((await placeHold(stack, actor, { bookId })).body.id);
    const queue = await get(`/holds?bookId=${bookId}&status=waiting`, librarian);
    expect(queue.body.items.map((hold: any) => [hold.id, hold.position])).toEqual([
      [ids[0], 1],
      [ids[1], 2],
    ]);
  });

  it('lists the hold shelf for librarians, oldest pickupBy first', async () => {
    const books = await Promise.all([addBook(stack), addBook(stack), addBook(stack)]);
    const holds = [];
    for (const { bookId } of books) holds.push((await placeHold(stack, member, { bookId })).body);
    // The second hold's copy has waited longest.
    await sql(stack, `UPDATE holds SET pickup_by = pickup_by - interval '3 days' WHERE id = $1`, [holds[1].id]);
    const shelf = await get(`/holds?status=ready&userId=${member.id}`, librarian);
    expect(shelf.body.items.map((hold: any) => hold.id)).toEqual([holds[1].id, holds[0].id, holds[2].id]);
    const pickups = shelf.body.items.map((hold: any) => Date.parse(hold.pickupBy));
    expect([...pickups].sort((a, b) => a - b)).toEqual(pickups);
    expect((await get('/holds?status=ready', member)).body.items.every((hold: any) => hold.userId === member.id)).toBe(
      true,
    );
  });

  it('answers 400 for a malformed id or filter', async () => {
    expect((await get('/holds/not-a-uuid', member)).body.code).toBe('INVALID_ID');
    const badStatus = await get('/holds?status=lost', librarian);
    expect([badStatus.status, badStatus.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('POST /api/v1/holds/:id/cancel', () => {
  it('cancels a waiting hold: the holds behind it move up', async () => {
    const { bookId } = await bookOnLoan();
    const first = (await placeHold(stack, member, { bookId })).body;
    const second = (await placeHold(stack, other, { bookId })).body;
    const cancelled = await post(`/holds/${first.id}/cancel`, member);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', position: null });
    expect((await get(`/holds/${second.id}`, other)).body.position).toBe(1);
    const again = await post(`/holds/${first.id}/cancel`, member);
    expect([again.status, again.body.code]).toEqual([409, 'HOLD_NOT_ACTIVE']);
  });

  it('passes the copy of a cancelled ready hold to the next in line', async () => {
    const { bookId, copyIds } = await addBook(stack, 1);
    const ready = (await placeHold(stack, member, { bookId })).body;
    const waiting = (await placeHold(stack, other, { bookId })).body;
    expect([ready.status, waiting.status]).toEqual(['ready', 'waiting']);
    expect((await post(`/holds/${ready.id}/cancel`, librarian)).status).toBe(200);
    const next = (await get(`/holds/${waiting.id}`, other)).body;
    expect(next).toMatchObject({ status: 'ready', copyId: copyIds[0], position: null });
    expect(await copyStatus(stack, copyIds[0])).toBe('on_hold_shelf');
  });

  it('puts the copy of a cancelled ready hold back on the shelf when nobody waits', async () => {
    const { bookId, copyIds } = await addBook(stack, 1);
    const ready = (await placeHold(stack, member, { bookId })).body;
    expect((await post(`/holds/${ready.id}/cancel`, member)).status).toBe(200);
    expect(await copyStatus(stack, copyIds[0])).toBe('available');
  });

  it('lets neither another member cancel a hold (404) nor anyone cancel an unknown one', async () => {
    const { bookId } = await bookOnLoan();
    const hold = (await placeHold(stack, member, { bookId })).body;
    expect((await post(`/holds/${hold.id}/cancel`, other)).status).toBe(404);
    expect((await post(`/holds/${randomUUID()}/cancel`, admin)).body.code).toBe('HOLD_NOT_FOUND');
    expect((await get(`/holds/${hold.id}`, member)).body.status).toBe('waiting');
  });
});

describe('expiry (POST /api/v1/holds/maintenance and the schedule)', () => {
  it('expires a ready hold past pickupBy and gives its copy to the next in line', async () => {
    const { bookId, copyIds } = await addBook(stack, 1);
    const ready = (await placeHold(stack, member, { bookId })).body;
    const waiting = (await placeHold(stack, other, { bookId })).body;
    await passPickupDate(stack, ready.id);
    const run = await post('/holds/maintenance', librarian);
    expect(run.status).toBe(200);
    expect(run.body.expired).toBeGreaterThanOrEqual(1);
    expect((await get(`/holds/${ready.id}`, member)).body.status).toBe('expired');
    expect((await get(`/holds/${waiting.id}`, other)).body).toMatchObject({ status: 'ready', copyId: copyIds[0] });
  });

  it('leaves a ready hold alone until its pickup date has passed', async () => {
    const { bookId } = await addBook(stack, 1);
    const ready = (await placeHold(stack, member, { bookId })).body;
    await post('/holds/maintenance', librarian);
    expect((await get(`/holds/${ready.id}`, member)).body.status).toBe('ready');
  });

  it('gives a copy that came back to the shelf by other means to the waiting queue', async () => {
    const { bookId, copyIds } = await bookOnLoan();
    const waiting = (await placeHold(stack, member, { bookId })).body;
    // A librarian adds a copy: it lands on the shelf while a hold waits.
    const added = await post(`/books/${bookId}/copies`, librarian, {});
    expect(added.status).toBe(201);
    const run = await post('/holds/maintenance', librarian);
    expect(run.body.setAside).toBeGreaterThanOrEqual(1);
    expect((await get(`/holds/${waiting.id}`, member)).body).toMatchObject({ status: 'ready', copyId: added.body.id });
    expect(await copyStatus(stack, copyIds[0])).toBe('on_loan');
  });

  it('cancels the holds of a book when it is deleted, ready ones included', async () => {
    const { bookId } = await addBook(stack, 1);
    const ready = (await placeHold(stack, member, { bookId })).body;
    const waiting = (await placeHold(stack, other, { bookId })).body;
    const deleted = await stack.api.request('DELETE', `/api/v1/books/${bookId}`, { token: librarian.token });
    expect(deleted.status).toBe(204);
    expect((await get(`/holds/${ready.id}`, member)).body.status).toBe('cancelled');
    expect((await get(`/holds/${waiting.id}`, other)).body.status).toBe('cancelled');
  });

  it('cancels the holds of a book deleted behind its back', async () => {
    const { bookId } = await bookOnLoan();
    const waiting = (await placeHold(stack, member, { bookId })).body;
    await sql(stack, `UPDATE books SET deleted_at = now() WHERE id = $1`, [bookId]);
    const run = await post('/holds/maintenance', librarian);
    expect(run.body.cancelled).toBeGreaterThanOrEqual(1);
    expect((await get(`/holds/${waiting.id}`, member)).body.status).toBe('cancelled');
  });

  it('is for librarians only', async () => {
    const response = await post('/holds/maintenance', member);
    expect([response.status, response.body.code]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('metrics', () => {
  it('counts hold operations by operation and outcome, and reports waiting holds', async () => {
    const { bookId } = await bookOnLoan();
    await placeHold(stack, member, { bookId });
    await placeHold(stack, member, { bookId });
    await post('/holds/maintenance', librarian);
    const metrics = (await stack.api.request('GET', '/metrics')).text;
    expect(metrics).toMatch(/lms_hold_operations_total\{operation="place",outcome="success"\} [1-9]/);
    expect(metrics).toMatch(/lms_hold_operations_total\{operation="place",outcome="rejected"\} [1-9]/);
    const [{ waiting }] = await sql(stack, `SELECT count(*)::int AS waiting FROM holds WHERE status = 'waiting'`);
    expect(metrics).toContain(`lms_holds_waiting ${waiting}`);
  });
});
