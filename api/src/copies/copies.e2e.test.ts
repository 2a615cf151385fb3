import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createActors, sql, type Actor } from '../test/actors.js';
import { startStack, type TestStack } from '../test/api-process.js';
import { addBook } from '../test/loan-fixtures.js';
import { BARCODE_PATTERN } from './barcode.js';

let stack: TestStack;
let member: Actor;
let librarian: Actor;
let admin: Actor;

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  stack = await startStack();
  [member, librarian, admin] = await createActors(stack, 'member', 'librarian', 'admin');
}, 90_000);

afterAll(async () => {
  await stack?.close();
});

async function addCopy(bookId: string, body: Record<string, unknown> = {}, token = librarian.token) {
  return stack.api.request('POST', `/api/v1/books/${bookId}/copies`, { token, body });
}

describe('adding copies', () => {
  it('adds an available copy with the given barcode', async () => {
    const { bookId } = await addBook(stack, 0);
    const response = await addCopy(bookId, { barcode: 'MAIN-000123' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ bookId, barcode: 'MAIN-000123', status: 'available' });
    expect(response.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const book = await stack.api.request('GET', `/api/v1/books/${bookId}`);
    expect(book.body).toMatchObject({ copiesTotal: 1, copiesAvailable: 1 });
  });

  it('generates a unique barcode when none is given', async () => {
    const { bookId } = await addBook(stack, 0);
    const [first, second] = [await addCopy(bookId), await addCopy(bookId)];
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.body.barcode).toMatch(/^LMS-[0-9A-Z]{10}$/);
    expect(first.body.barcode).toMatch(BARCODE_PATTERN);
    expect(second.body.barcode).not.toBe(first.body.barcode);
  });

  it('rejects a barcode another copy has with 409 BARCODE_TAKEN', async () => {
    const [one, two] = [await addBook(stack, 0), await addBook(stack, 0)];
    expect((await addCopy(one.bookId, { barcode: 'DUP-1' })).status).toBe(201);
    const response = await addCopy(two.bookId, { barcode: 'DUP-1' });
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.code).toBe('BARCODE_TAKEN');
  });

  it('answers 404 BOOK_NOT_FOUND for an unknown or deleted book', async () => {
    const unknown = await addCopy(UNKNOWN_ID);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('BOOK_NOT_FOUND');
    const { bookId } = await addBook(stack, 1);
    expect((await stack.api.request('DELETE', `/api/v1/books/${bookId}`, { token: librarian.token })).status).toBe(204);
    const deleted = await addCopy(bookId);
    expect(deleted.status).toBe(404);
    expect(deleted.body.code).toBe('BOOK_NOT_FOUND');
  });

  it('rejects barcodes with spaces or over 64 characters, and unknown fields, with 400', async () => {
    const { bookId } = await addBook(stack, 0);
    for (const body of [{ barcode: 'has space' }, { barcode: 'x'.repeat(65) }, { barcode: '' }, { status: 'lost' }]) {
      const response = await addCopy(bookId, body);
      expect([JSON.stringify(body).slice(0, 30), response.status, response.body.code]).toEqual([
        JSON.stringify(body).slice(0, 30),
        400,
        'VALIDATION_FAILED',
      ]);
    }
  });
});

describe('listing copies', () => {
  it('lists the copies of a book to anyone, in the order they were added, paginated', async () => {
    const { bookId } = await addBook(stack, 0);
    const barcodes = ['L-1', 'L-2', 'L-3'];
    for (const barcode of barcodes) expect((await addCopy(bookId, { barcode })).status).toBe(201);
    const firstPage = await stack.api.request('GET', `/api/v1/books/${bookId}/copies?limit=2`);
    expect(firstPage.status).toBe(200);
    expect(firstPage.body).toMatchObject({ page: 1, limit: 2, total: 3 });
    const secondPage = await stack.api.request('GET', `/api/v1/books/${bookId}/copies?limit=2&page=2`, {
      token: member.token,
    });
    expect([...firstPage.body.items, ...secondPage.body.items].map((copy: any) => copy.barcode)).toEqual(barcodes);
  });

  it('answers 404 BOOK_NOT_FOUND for an unknown book and 400 for limit 101', async () => {
    const unknown = await stack.api.request('GET', `/api/v1/books/${UNKNOWN_ID}/copies`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('BOOK_NOT_FOUND');
    const { bookId } = await addBook(stack, 1);
    const tooMany = await stack.api.request('GET', `/api/v1/books/${bookId}/copies?limit=101`);
    expect(tooMany.status).toBe(400);
  });
});

describe('changing a copy status', () => {
  it('moves a copy between available, lost and withdrawn', async () => {
    const { bookId, copyIds } = await addBook(stack, 1);
    for (const status of ['lost', 'available', 'withdrawn', 'available']) {
      const response = await stack.api.request('PATCH', `/api/v1/copies/${copyIds[0]}`, {
        token: librarian.token,
        body: { status },
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: copyIds[0], bookId, status });
    }
  });

  it('refuses on_loan as a status, and any change of a copy on loan with 409 COPY_ON_LOAN', async () => {
    const { bookId, copyIds } = await addBook(stack, 1);
    const onLoan = await stack.api.request('PATCH', `/api/v1/copies/${copyIds[0]}`, {
      token: librarian.token,
      body: { status: 'on_loan' },
    });
    expect(onLoan.status).toBe(400);
    await sql(stack, `UPDATE copies SET status = 'on_loan' WHERE id = $1`, [copyIds[0]]);
    await sql(
      stack,
      `INSERT INTO loans (user_id, book_id, copy_id, due_at) VALUES ($1, $2, $3, now() + interval '1 day')`,
      [member.id, bookId, copyIds[0]],
    );
    const response = await stack.api.request('PATCH', `/api/v1/copies/${copyIds[0]}`, {
      token: admin.token,
      body: { status: 'available' },
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('COPY_ON_LOAN');
    const [row] = await sql(stack, 'SELECT status FROM copies WHERE id = $1', [copyIds[0]]);
    expect(row.status).toBe('on_loan');
  });

  it('answers 404 COPY_NOT_FOUND for an unknown copy and 400 for a malformed id', async () => {
    const unknown = await stack.api.request('PATCH', `/api/v1/copies/${UNKNOWN_ID}`, {
      token: librarian.token,
      body: { status: 'lost' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('COPY_NOT_FOUND');
    const malformed = await stack.api.request('PATCH', '/api/v1/copies/123', {
      token: librarian.token,
      body: { status: 'lost' },
    });
    expect(malformed.status).toBe(400);
  });
});

describe('authorization of the copy routes', () => {
  it('answers 401 to anonymous and 403 to members who add or change copies', async () => {
    const { bookId, copyIds } = await addBook(stack, 1);
    const writes: [string, string, unknown][] = [
      ['POST', `/api/v1/books/${bookId}/copies`, {}],
      ['PATCH', `/api/v1/copies/${copyIds[0]}`, { status: 'lost' }],
    ];
    for (const [method, path, body] of writes) {
      expect([method, (await stack.api.request(method, path, { body })).status]).toEqual([method, 401]);
      const asMember = await stack.api.request(method, path, { body, token: member.token });
      expect([method, asMember.status, asMember.body.code]).toEqual([method, 403, 'FORBIDDEN']);
    }
    const [row] = await sql(
      stack,
      'SELECT count(*)::int AS copies, min(status::text) AS status FROM copies WHERE book_id = $1',
      [bookId],
    );
    expect(row).toEqual({ copies: 1, status: 'available' });
  });

  it('lets librarians and admins add and change copies', async () => {
    for (const actor of [librarian, admin]) {
      const { bookId } = await addBook(stack, 0);
      const added = await addCopy(bookId, {}, actor.token);
      expect([actor.role, added.status]).toEqual([actor.role, 201]);
      const changed = await stack.api.request('PATCH', `/api/v1/copies/${added.body.id}`, {
        token: actor.token,
        body: { status: 'withdrawn' },
      });
      expect([actor.role, changed.status]).toEqual([actor.role, 200]);
    }
  });
});

describe('item types and the hold shelf', () => {
  const patch = (copyId: string, body: unknown) =>
    stack.api.request('PATCH', `/api/v1/copies/${copyId}`, { token: librarian.token, body });

  it('adds a copy as a book unless another item type is given', async () => {
    const { bookId } = await addBook(stack, 0);
    expect((await addCopy(bookId)).body.itemType).toBe('book');
    expect((await addCopy(bookId, { itemType: 'dvd' })).body.itemType).toBe('dvd');
    const unknown = await addCopy(bookId, { itemType: 'vinyl' });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('changes the item type, even of a copy on loan, and refuses an empty change', async () => {
    const { bookId, copyIds } = await addBook(stack, 1);
    await sql(stack, `UPDATE copies SET status = 'on_loan' WHERE id = $1`, [copyIds[0]]);
    await sql(
      stack,
      `INSERT INTO loans (user_id, book_id, copy_id, due_at) VALUES ($1, $2, $3, now() + interval '1 day')`,
      [member.id, bookId, copyIds[0]],
    );
    const changed = await patch(copyIds[0], { itemType: 'reference' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ itemType: 'reference', status: 'on_loan' });
    const empty = await patch(copyIds[0], {});
    expect([empty.status, empty.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('refuses a status change of a copy on the hold shelf with 409 COPY_RESERVED', async () => {
    const { bookId, copyIds } = await addBook(stack, 1);
    const hold = await stack.api.request('POST', '/api/v1/holds', { token: member.token, body: { bookId } });
    expect(hold.body.status).toBe('ready');
    const response = await patch(copyIds[0], { status: 'lost' });
    expect([response.status, response.body.code]).toEqual([409, 'COPY_RESERVED']);
    const [row] = await sql(stack, 'SELECT status FROM copies WHERE id = $1', [copyIds[0]]);
    expect(row.status).toBe('on_hold_shelf');
  });
});
