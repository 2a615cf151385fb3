import { beforeAll, describe, expect, it } from '@jest/globals';
import { createActors, sql, type Actor } from '../test/actors.js';
import { addBook } from '../test/loan-fixtures.js';
import { useStack } from '../test/use-stack.js';
import { isCardNumber, luhnCheckDigit } from './card-number.js';

const stack = useStack();

let librarian: Actor;
let member: Actor;

beforeAll(async () => {
  [librarian, member] = await createActors(stack, 'librarian', 'member');
}, 60_000);

const desk = (path: 'checkout' | 'checkin', body: unknown, actor: Actor = librarian) =>
  stack.api.request('POST', `/api/v1/circulation/${path}`, { token: actor.token, body });

async function cardOf(actor: Actor): Promise<string> {
  const [row] = await sql<{ card_number: string }>(stack, 'SELECT card_number FROM users WHERE id = $1', [actor.id]);
  return row.card_number;
}

async function barcodeOf(copyId: string): Promise<string> {
  const [row] = await sql<{ barcode: string }>(stack, 'SELECT barcode FROM copies WHERE id = $1', [copyId]);
  return row.barcode;
}

/** A well-formed card number (valid check digit) that no member has. */
const UNKNOWN_CARD = `2999999999999${luhnCheckDigit('2999999999999')}`;

describe('library card numbers', () => {
  it('gives every new member a distinct 14-digit card number with a valid check digit', async () => {
    const cards = await sql<{ card_number: string }>(stack, 'SELECT card_number FROM users');
    expect(cards.length).toBeGreaterThanOrEqual(2);
    for (const { card_number: card } of cards)
      expect({ card, valid: isCardNumber(card) }).toEqual({ card, valid: true });
    expect(new Set(cards.map((row) => row.card_number)).size).toBe(cards.length);
  });
});

describe('POST /api/v1/circulation/checkout', () => {
  it('lends the scanned copy to the member of the scanned card', async () => {
    const { bookId, copyIds } = await addBook(stack, 2);
    const response = await desk('checkout', {
      copyBarcode: await barcodeOf(copyIds[1]),
      cardNumber: await cardOf(member),
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ userId: member.id, bookId, copyId: copyIds[1], status: 'active' });
  });

  it('answers 404 CARD_NOT_FOUND and 404 COPY_NOT_FOUND for numbers nobody has', async () => {
    const { copyIds } = await addBook(stack);
    const noCard = await desk('checkout', { copyBarcode: await barcodeOf(copyIds[0]), cardNumber: UNKNOWN_CARD });
    expect([noCard.status, noCard.body.code]).toEqual([404, 'CARD_NOT_FOUND']);
    const noCopy = await desk('checkout', { copyBarcode: 'NO-SUCH-COPY', cardNumber: await cardOf(member) });
    expect([noCopy.status, noCopy.body.code]).toEqual([404, 'COPY_NOT_FOUND']);
  });

  it('refuses malformed barcodes and card numbers with 400 VALIDATION_FAILED', async () => {
    const card = await cardOf(member);
    for (const body of [
      { copyBarcode: 'X', cardNumber: '1234' },
      { copyBarcode: ' spaces ', cardNumber: card },
      { copyBarcode: 'X', cardNumber: 20000000000018 },
      { copyBarcode: 'X' },
      { copyBarcode: 'X', cardNumber: card, userId: member.id },
    ]) {
      const response = await desk('checkout', body);
      expect({ body, status: response.status, code: response.body.code }).toEqual({
        body,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
  });

  it('says a mistyped card digit fails the check digit: 404 CARD_NOT_FOUND with a hint, nothing lent', async () => {
    const { copyIds } = await addBook(stack);
    const card = await cardOf(member);
    const typo = `${card.slice(0, 5)}${(Number(card[5]) + 1) % 10}${card.slice(6)}`;
    const response = await desk('checkout', { copyBarcode: await barcodeOf(copyIds[0]), cardNumber: typo });
    expect([response.status, response.body.code]).toEqual([404, 'CARD_NOT_FOUND']);
    expect(response.body.detail).toContain('check digit');
    const [copy] = await sql(stack, 'SELECT status FROM copies WHERE id = $1', [copyIds[0]]);
    expect(copy.status).toBe('available');
  });

  it('keeps the loan rules: a copy already out is 409 COPY_NOT_AVAILABLE', async () => {
    const { copyIds } = await addBook(stack);
    const body = { copyBarcode: await barcodeOf(copyIds[0]), cardNumber: await cardOf(member) };
    expect((await desk('checkout', body)).status).toBe(201);
    const again = await desk('checkout', body);
    expect([again.status, again.body.code]).toEqual([409, 'COPY_NOT_AVAILABLE']);
  });

  it('is for librarians only', async () => {
    const response = await desk('checkout', { copyBarcode: 'X', cardNumber: UNKNOWN_CARD }, member);
    expect([response.status, response.body.code]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('POST /api/v1/circulation/checkin', () => {
  it('returns the loan of the scanned copy and sends it back to the shelves when nobody waits', async () => {
    const { copyIds } = await addBook(stack);
    const copyBarcode = await barcodeOf(copyIds[0]);
    const loan = (await desk('checkout', { copyBarcode, cardNumber: await cardOf(member) })).body;
    const response = await desk('checkin', { copyBarcode });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ action: 'shelve', hold: null, loan: { id: loan.id, status: 'returned' } });
    const [copy] = await sql(stack, 'SELECT status FROM copies WHERE id = $1', [copyIds[0]]);
    expect(copy.status).toBe('available');
  });

  it('computes the fine as any return does', async () => {
    const { copyIds } = await addBook(stack);
    const copyBarcode = await barcodeOf(copyIds[0]);
    const loan = (await desk('checkout', { copyBarcode, cardNumber: await cardOf(member) })).body;
    await sql(
      stack,
      `UPDATE loans SET loaned_at = now() - interval '20 days', due_at = now() - interval '3 days 1 hour' WHERE id = $1`,
      [loan.id],
    );
    const response = await desk('checkin', { copyBarcode });
    expect(response.body.loan.fineCents).toBe(75);
  });

  it('answers 409 COPY_NOT_ON_LOAN for a copy on the shelf and 404 COPY_NOT_FOUND for an unknown barcode', async () => {
    const { copyIds } = await addBook(stack);
    const onShelf = await desk('checkin', { copyBarcode: await barcodeOf(copyIds[0]) });
    expect([onShelf.status, onShelf.body.code]).toEqual([409, 'COPY_NOT_ON_LOAN']);
    const unknown = await desk('checkin', { copyBarcode: 'NO-SUCH-COPY' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'COPY_NOT_FOUND']);
  });
});
