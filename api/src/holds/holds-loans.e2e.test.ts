import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createActors, sql, type Actor } from '../test/actors.js';
import { copyStatus, lendAllCopies, placeHold } from '../test/hold-fixtures.js';
import { addBook } from '../test/loan-fixtures.js';
import { useStack } from '../test/use-stack.js';

const stack = useStack();

let librarian: Actor;
let borrower: Actor;
let first: Actor;
let second: Actor;

beforeAll(async () => {
  [librarian] = await createActors(stack, 'librarian');
}, 60_000);

beforeEach(async () => {
  [borrower, first, second] = await createActors(stack, 'member', 'member', 'member');
});

const get = (path: string, actor: Actor) => stack.api.request('GET', `/api/v1${path}`, { token: actor.token });
const post = (path: string, actor: Actor, body?: unknown) =>
  stack.api.request('POST', `/api/v1${path}`, { token: actor.token, body });

/** A title with one copy lent to `borrower` (through the API) and two holds queued behind it. */
async function queuedTitle() {
  const { bookId, copyIds } = await addBook(stack, 1);
  const loan = (await post('/loans', borrower, { bookId })).body;
  const holds = [(await placeHold(stack, first, { bookId })).body, (await placeHold(stack, second, { bookId })).body];
  expect(holds.map((hold) => hold.status)).toEqual(['waiting', 'waiting']);
  return { bookId, copyId: copyIds[0], loan, holds };
}

describe('a return with holds waiting', () => {
  it('sets the copy aside for the first waiting hold: ready until pickupBy, the copy on the hold shelf', async () => {
    const { copyId, loan, holds } = await queuedTitle();
    expect((await post(`/loans/${loan.id}/return`, borrower)).status).toBe(200);
    expect(await copyStatus(stack, copyId)).toBe('on_hold_shelf');
    expect((await get(`/holds/${holds[0].id}`, first)).body).toMatchObject({ status: 'ready', copyId, position: null });
    expect((await get(`/holds/${holds[1].id}`, second)).body).toMatchObject({ status: 'waiting', position: 1 });
  });

  it('lends the reserved copy to nobody else: 409 COPY_RESERVED by copyId, 409 NO_COPY_AVAILABLE by bookId', async () => {
    const { bookId, copyId, loan } = await queuedTitle();
    await post(`/loans/${loan.id}/return`, borrower);
    const byCopy = await post('/loans', second, { copyId });
    expect([byCopy.status, byCopy.body.code]).toEqual([409, 'COPY_RESERVED']);
    const byBook = await post('/loans', second, { bookId });
    expect([byBook.status, byBook.body.code]).toEqual([409, 'NO_COPY_AVAILABLE']);
    const forOther = await post('/loans', librarian, { copyId, userId: borrower.id });
    expect([forOther.status, forOther.body.code]).toEqual([409, 'COPY_RESERVED']);
    expect(await copyStatus(stack, copyId)).toBe('on_hold_shelf');
  });

  it("lends the reserved copy to its holder's checkout of the title and fulfils the hold", async () => {
    const { bookId, copyId, loan, holds } = await queuedTitle();
    await post(`/loans/${loan.id}/return`, borrower);
    const checkout = await post('/loans', first, { bookId });
    expect(checkout.status).toBe(201);
    expect(checkout.body.copyId).toBe(copyId);
    expect((await get(`/holds/${holds[0].id}`, first)).body.status).toBe('fulfilled');
    expect((await get(`/holds/${holds[1].id}`, second)).body).toMatchObject({ status: 'waiting', position: 1 });
  });

  it('lends the reserved copy to its holder by copyId too, and the desk says where a returned copy goes', async () => {
    const { copyId, holds } = await queuedTitle();
    const [{ barcode }] = await sql(stack, 'SELECT barcode FROM copies WHERE id = $1', [copyId]);
    const checkin = await post('/circulation/checkin', librarian, { copyBarcode: barcode });
    expect(checkin.status).toBe(200);
    expect(checkin.body.action).toBe('hold-shelf');
    expect(checkin.body.hold).toMatchObject({ id: holds[0].id, status: 'ready', copyId });
    const [{ card_number: card }] = await sql(stack, 'SELECT card_number FROM users WHERE id = $1', [first.id]);
    const desk = await post('/circulation/checkout', librarian, { copyBarcode: barcode, cardNumber: card });
    expect(desk.status).toBe(201);
    expect(desk.body.userId).toBe(first.id);
    expect((await get(`/holds/${holds[0].id}`, first)).body.status).toBe('fulfilled');
  });

  it('fulfils a waiting hold when its holder borrows a copy of the title another way', async () => {
    const { bookId } = await addBook(stack, 2);
    await lendAllCopies(stack, bookId, borrower.id);
    const hold = (await placeHold(stack, first, { bookId })).body;
    // A copy comes back on the shelf without passing through the queue (found again): the holder takes it.
    await sql(
      stack,
      `WITH back AS (UPDATE loans SET returned_at = now() WHERE id = (SELECT id FROM loans WHERE book_id = $1 LIMIT 1) RETURNING copy_id)
       UPDATE copies SET status = 'available' WHERE id = (SELECT copy_id FROM back)`,
      [bookId],
    );
    expect((await post('/loans', first, { bookId })).status).toBe(201);
    expect((await get(`/holds/${hold.id}`, first)).body.status).toBe('fulfilled');
  });
});

describe('renewals and holds', () => {
  it('refuses to renew while the title has waiting holds: 409 RENEWAL_BLOCKED_BY_HOLD', async () => {
    const { loan, holds } = await queuedTitle();
    const blocked = await post(`/loans/${loan.id}/renew`, borrower);
    expect([blocked.status, blocked.body.code]).toEqual([409, 'RENEWAL_BLOCKED_BY_HOLD']);
    for (const [hold, holder] of [
      [holds[0], first],
      [holds[1], second],
    ] as const) {
      expect((await post(`/holds/${hold.id}/cancel`, holder)).status).toBe(200);
    }
    expect((await post(`/loans/${loan.id}/renew`, borrower)).status).toBe(200);
  });
});

describe('circulation rules at checkout', () => {
  it('keeps reference works in the library: 409 ITEM_NOT_LOANABLE', async () => {
    const { bookId, copyIds } = await addBook(stack, 1);
    await sql(stack, `UPDATE copies SET item_type = 'reference' WHERE id = $1`, [copyIds[0]]);
    const byCopy = await post('/loans', borrower, { copyId: copyIds[0] });
    expect([byCopy.status, byCopy.body.code]).toEqual([409, 'ITEM_NOT_LOANABLE']);
    const byBook = await post('/loans', borrower, { bookId });
    expect([byBook.status, byBook.body.code]).toEqual([409, 'ITEM_NOT_LOANABLE']);
  });

  it('lends by the rule of the borrower’s category and the copy’s item type, and keeps it for the loan', async () => {
    const admin = (await createActors(stack, 'admin'))[0];
    const rules = (await get('/circulation-rules', admin)).body.rules;
    const original = structuredClone(rules);
    try {
      const dvd = { ...rules.find((r: any) => r.category === 'child' && r.itemType === '*'), itemType: 'dvd' };
      const table = [...rules, { ...dvd, loanDays: 3, maxActiveLoans: 1, maxRenewals: 1, fineCentsPerDay: 100 }];
      expect(
        (await stack.api.request('PUT', '/api/v1/circulation-rules', { token: admin.token, body: { rules: table } }))
          .status,
      ).toBe(200);
      await sql(stack, `UPDATE users SET category = 'child' WHERE id = $1`, [first.id]);
      const discs = await Promise.all([addBook(stack, 1), addBook(stack, 1)]);
      await sql(stack, `UPDATE copies SET item_type = 'dvd' WHERE book_id = ANY($1)`, [discs.map((d) => d.bookId)]);
      const loan = await post('/loans', first, { bookId: discs[0].bookId });
      expect(loan.status).toBe(201);
      const days = (Date.parse(loan.body.dueAt) - Date.parse(loan.body.loanedAt)) / 86_400_000;
      expect(days).toBeCloseTo(3, 3);
      const secondDisc = await post('/loans', first, { bookId: discs[1].bookId });
      expect([secondDisc.status, secondDisc.body.code]).toEqual([409, 'LOAN_LIMIT_REACHED']);
      // A book is not a DVD: the child/* row (5 loans, 14 days) applies.
      const book = await post('/loans', first, { bookId: (await addBook(stack, 1)).bookId });
      expect((Date.parse(book.body.dueAt) - Date.parse(book.body.loanedAt)) / 86_400_000).toBeCloseTo(14, 3);
      // Changing the rules never rewrites the loan: it still renews by its own 3 days, once.
      const longer = table.map((r: any) => (r.itemType === 'dvd' ? { ...r, loanDays: 30, maxRenewals: 5 } : r));
      await stack.api.request('PUT', '/api/v1/circulation-rules', { token: admin.token, body: { rules: longer } });
      const renewed = await post(`/loans/${loan.body.id}/renew`, first);
      expect(Date.parse(renewed.body.dueAt) - Date.parse(loan.body.dueAt)).toBe(3 * 86_400_000);
      const again = await post(`/loans/${loan.body.id}/renew`, first);
      expect([again.status, again.body.code]).toEqual([409, 'RENEWAL_LIMIT_REACHED']);
      // And its fine uses the 100 cents a day in force at checkout.
      await sql(
        stack,
        `UPDATE loans SET loaned_at = now() - interval '20 days', due_at = now() - interval '2 days 1 hour' WHERE id = $1`,
        [loan.body.id],
      );
      expect((await post(`/loans/${loan.body.id}/return`, first)).body.fineCents).toBe(200);
    } finally {
      await stack.api.request('PUT', '/api/v1/circulation-rules', { token: admin.token, body: { rules: original } });
    }
  }, 30_000);
});
