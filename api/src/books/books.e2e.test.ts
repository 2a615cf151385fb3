import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createActor, createActors, sql, type Actor } from '../test/actors.js';
import { startStack, type TestStack } from '../test/api-process.js';
import { isbn13CheckDigit } from './isbn.js';

let stack: TestStack;
let member: Actor;
let librarian: Actor;
let admin: Actor;

/** A valid, unique ISBN-13 for each call. */
let isbnCounter = 100_000;
function nextIsbn(): string {
  const first12 = `978${String(isbnCounter++).padStart(9, '0')}`;
  return first12 + isbn13CheckDigit(first12);
}

async function createBook(fields: Record<string, unknown> = {}): Promise<any> {
  const response = await stack.api.request('POST', '/api/v1/books', {
    token: librarian.token,
    body: { isbn: nextIsbn(), title: 'Untitled', author: 'Anonymous', ...fields },
  });
  expect(response.status).toBe(201);
  return response.body;
}

async function addCopies(bookId: string, count: number): Promise<any[]> {
  const copies = [];
  for (let index = 0; index < count; index++) {
    const response = await stack.api.request('POST', `/api/v1/books/${bookId}/copies`, { token: librarian.token });
    expect(response.status).toBe(201);
    copies.push(response.body);
  }
  return copies;
}

/** A loan arranged in the database, as a checkout leaves it: the copy on loan, the loan active. */
async function lendInDatabase(copyId: string, bookId: string, userId: string): Promise<void> {
  await sql(stack, `UPDATE copies SET status = 'on_loan' WHERE id = $1`, [copyId]);
  await sql(
    stack,
    `INSERT INTO loans (user_id, book_id, copy_id, due_at) VALUES ($1, $2, $3, now() + interval '14 days')`,
    [userId, bookId, copyId],
  );
}

beforeAll(async () => {
  stack = await startStack();
  [member, librarian, admin] = await createActors(stack, 'member', 'librarian', 'admin');
}, 90_000);

afterAll(async () => {
  await stack?.close();
});

describe('creating books', () => {
  it('stores an ISBN-10 as the ISBN-13 of the same book and answers 201 with zero copies', async () => {
    const response = await stack.api.request('POST', '/api/v1/books', {
      token: librarian.token,
      body: { isbn: '0-306-40615-2', title: 'A Study of Signals', author: 'Mira Okafor', publishedYear: 1979 },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      isbn: '9780306406157',
      title: 'A Study of Signals',
      author: 'Mira Okafor',
      publishedYear: 1979,
      copiesTotal: 0,
      copiesAvailable: 0,
    });
    expect(response.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(response.body.createdAt).toISOString()).toBe(response.body.createdAt);
  });

  it('rejects a second book with the same ISBN, even written as ISBN-10, with 409 ISBN_TAKEN', async () => {
    const response = await stack.api.request('POST', '/api/v1/books', {
      token: admin.token,
      body: { isbn: '0306406152', title: 'Duplicate', author: 'Someone' },
    });
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.code).toBe('ISBN_TAKEN');
  });

  it('rejects an ISBN with a wrong check digit with 400 naming the isbn field', async () => {
    const response = await stack.api.request('POST', '/api/v1/books', {
      token: librarian.token,
      body: { isbn: '978-0-306-40615-8', title: 'Bad', author: 'Someone' },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'isbn' })]));
  });

  it('rejects unknown fields and missing titles with 400 VALIDATION_FAILED', async () => {
    const unknown = await stack.api.request('POST', '/api/v1/books', {
      token: librarian.token,
      body: { isbn: nextIsbn(), title: 'T', author: 'A', price: 12 },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('VALIDATION_FAILED');
    const missing = await stack.api.request('POST', '/api/v1/books', {
      token: librarian.token,
      body: { isbn: nextIsbn(), author: 'A' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'title' })]));
  });
});

describe('reading books', () => {
  it('serves one book to anonymous callers with its copy counts, withdrawn copies not counted', async () => {
    const book = await createBook({ title: 'Counting Copies' });
    const [, lost, withdrawn] = await addCopies(book.id, 4);
    await lendInDatabase((await addCopies(book.id, 1))[0].id, book.id, member.id);
    for (const [copy, status] of [
      [lost, 'lost'],
      [withdrawn, 'withdrawn'],
    ]) {
      const patched = await stack.api.request('PATCH', `/api/v1/copies/${copy.id}`, {
        token: librarian.token,
        body: { status },
      });
      expect(patched.status).toBe(200);
    }
    const response = await stack.api.request('GET', `/api/v1/books/${book.id}`);
    expect(response.status).toBe(200);
    // 5 copies: 2 available, 1 on loan, 1 lost, 1 withdrawn.
    expect(response.body).toMatchObject({ id: book.id, copiesTotal: 4, copiesAvailable: 2 });
  });

  it('answers 404 BOOK_NOT_FOUND for an unknown id and 400 for an id that is not a UUID', async () => {
    const unknown = await stack.api.request('GET', '/api/v1/books/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('BOOK_NOT_FOUND');
    const malformed = await stack.api.request('GET', '/api/v1/books/not-a-uuid');
    expect(malformed.status).toBe(400);
  });
});

describe('searching the catalogue', () => {
  let dune: any;
  let duneMessiah: any;
  let other: any;

  beforeAll(async () => {
    dune = await createBook({ title: 'Quasar Harvest', author: 'Frank Herbertson' });
    duneMessiah = await createBook({ title: 'Quasar Harvest Messiah', author: 'Frank Herbertson' });
    other = await createBook({ title: 'Harvesting Quietly', author: 'Ana Quasimodo' });
    await addCopies(dune.id, 1);
  });

  it('matches every word of q as a prefix over title and author', async () => {
    const response = await stack.api.request('GET', '/api/v1/books?q=quas%20harv');
    expect(response.status).toBe(200);
    const ids = response.body.items.map((book: any) => book.id);
    expect(ids).toEqual(expect.arrayContaining([dune.id, duneMessiah.id, other.id]));
    const narrower = await stack.api.request('GET', '/api/v1/books?q=quasar%20messiah');
    expect(narrower.body.items.map((book: any) => book.id)).toEqual([duneMessiah.id]);
    expect(narrower.body.total).toBe(1);
  });

  it('finds a book by its ISBN written with hyphens or as ISBN-10', async () => {
    const hyphenated = `${dune.isbn.slice(0, 3)}-${dune.isbn.slice(3, 8)}-${dune.isbn.slice(8)}`;
    const byIsbn13 = await stack.api.request('GET', `/api/v1/books?q=${encodeURIComponent(hyphenated)}`);
    expect(byIsbn13.body.items.map((book: any) => book.id)).toEqual([dune.id]);
    const byIsbn10 = await stack.api.request('GET', '/api/v1/books?q=0-306-40615-2');
    expect(byIsbn10.body.items.map((book: any) => book.isbn)).toEqual(['9780306406157']);
  });

  it('filters by author regardless of case, and by available copies', async () => {
    const byAuthor = await stack.api.request('GET', '/api/v1/books?author=FRANK%20HERBERTSON');
    expect(byAuthor.body.items.map((book: any) => book.id).sort()).toEqual([dune.id, duneMessiah.id].sort());
    const available = await stack.api.request('GET', '/api/v1/books?author=frank%20herbertson&available=true');
    expect(available.body.items.map((book: any) => book.id)).toEqual([dune.id]);
    expect(available.body.items[0]).toMatchObject({ copiesTotal: 1, copiesAvailable: 1 });
  });

  it('treats tsquery operators in q as plain text instead of failing', async () => {
    for (const q of ["quasar & | ! ( ) :* '", '!!!', "'; DROP TABLE books; --", '\\']) {
      const response = await stack.api.request('GET', `/api/v1/books?q=${encodeURIComponent(q)}`);
      expect(response.status).toBe(200);
      expect(Array.isArray(response.body.items)).toBe(true);
    }
  });

  it('rejects a boolean filter that is not true or false', async () => {
    const response = await stack.api.request('GET', '/api/v1/books?available=yes');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('pagination', () => {
  it('pages through the whole catalogue in a stable order, without repeats or gaps', async () => {
    for (let index = 0; index < 7; index++) await createBook({ title: `Paging Volume ${index}`, author: 'Pager' });
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const response = await stack.api.request('GET', `/api/v1/books?author=pager&limit=3&page=${page}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ page, limit: 3, total: 7 });
      seen.push(...response.body.items.map((book: any) => book.title));
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6].map((index) => `Paging Volume ${index}`));
  });

  it('answers an empty page past the end with the total still known', async () => {
    const response = await stack.api.request('GET', '/api/v1/books?author=pager&limit=3&page=50');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [], page: 50, limit: 3, total: 7 });
  });

  it('defaults to 20 per page and rejects limit 101, limit 0 and page 0 with 400', async () => {
    const defaults = await stack.api.request('GET', '/api/v1/books');
    expect(defaults.body).toMatchObject({ page: 1, limit: 20 });
    for (const query of ['limit=101', 'limit=0', 'page=0', 'limit=abc']) {
      const response = await stack.api.request('GET', `/api/v1/books?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('changing books', () => {
  it('updates the given fields only, and clears publishedYear with null', async () => {
    const book = await createBook({ title: 'Old Title', author: 'Kept Author', publishedYear: 2001 });
    const response = await stack.api.request('PATCH', `/api/v1/books/${book.id}`, {
      token: librarian.token,
      body: { title: 'New Title', publishedYear: null },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      title: 'New Title',
      author: 'Kept Author',
      publishedYear: null,
      isbn: book.isbn,
    });
  });

  it('rejects a null title and an ISBN another book has (409 ISBN_TAKEN)', async () => {
    const [first, second] = [await createBook(), await createBook()];
    const nullTitle = await stack.api.request('PATCH', `/api/v1/books/${first.id}`, {
      token: librarian.token,
      body: { title: null },
    });
    expect(nullTitle.status).toBe(400);
    const taken = await stack.api.request('PATCH', `/api/v1/books/${first.id}`, {
      token: librarian.token,
      body: { isbn: second.isbn },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('ISBN_TAKEN');
  });

  it('answers 404 BOOK_NOT_FOUND when patching an unknown book', async () => {
    const response = await stack.api.request('PATCH', '/api/v1/books/00000000-0000-4000-8000-000000000000', {
      token: librarian.token,
      body: { title: 'Nothing' },
    });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('BOOK_NOT_FOUND');
  });
});

describe('deleting books', () => {
  it('soft-deletes: 204, then 404 and gone from search, copies withdrawn, row kept, ISBN free again', async () => {
    const book = await createBook({ title: 'Ephemeral Zebra Almanac' });
    await addCopies(book.id, 2);
    const deleted = await stack.api.request('DELETE', `/api/v1/books/${book.id}`, { token: librarian.token });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await stack.api.request('GET', `/api/v1/books/${book.id}`)).status).toBe(404);
    expect((await stack.api.request('GET', '/api/v1/books?q=ephemeral%20zebra')).body.total).toBe(0);
    const [row] = await sql(stack, 'SELECT deleted_at FROM books WHERE id = $1', [book.id]);
    expect(row.deleted_at).toBeInstanceOf(Date);
    const copies = await sql(stack, 'SELECT status FROM copies WHERE book_id = $1', [book.id]);
    expect(copies.map((copy) => copy.status)).toEqual(['withdrawn', 'withdrawn']);
    const again = await stack.api.request('DELETE', `/api/v1/books/${book.id}`, { token: librarian.token });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('BOOK_NOT_FOUND');
    const reused = await stack.api.request('POST', '/api/v1/books', {
      token: librarian.token,
      body: { isbn: book.isbn, title: 'Second Edition', author: 'Anonymous' },
    });
    expect(reused.status).toBe(201);
  });

  it('refuses with 409 BOOK_HAS_ACTIVE_LOANS while a copy is on loan, and changes nothing', async () => {
    const book = await createBook();
    const [copy] = await addCopies(book.id, 2);
    await lendInDatabase(copy.id, book.id, member.id);
    const response = await stack.api.request('DELETE', `/api/v1/books/${book.id}`, { token: admin.token });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('BOOK_HAS_ACTIVE_LOANS');
    const after = await stack.api.request('GET', `/api/v1/books/${book.id}`);
    expect(after.body).toMatchObject({ copiesTotal: 2, copiesAvailable: 1 });
  });
});

describe('authorization of the book routes', () => {
  const writes = (bookId: string): [string, string, unknown][] => [
    ['POST', '/api/v1/books', { isbn: nextIsbn(), title: 'Authz', author: 'Matrix' }],
    ['PATCH', `/api/v1/books/${bookId}`, { title: 'Authz changed' }],
    ['DELETE', `/api/v1/books/${bookId}`, undefined],
  ];

  it('answers 401 to anonymous writes and 403 to members', async () => {
    const book = await createBook();
    for (const [method, path, body] of writes(book.id)) {
      const anonymous = await stack.api.request(method, path, { body });
      expect([method, anonymous.status]).toEqual([method, 401]);
      const asMember = await stack.api.request(method, path, { body, token: member.token });
      expect([method, asMember.status, asMember.body.code]).toEqual([method, 403, 'FORBIDDEN']);
    }
  });

  it('lets librarians and admins write', async () => {
    for (const actor of [librarian, admin]) {
      const book = await createBook();
      const statuses = [];
      for (const [method, path, body] of writes(book.id)) {
        statuses.push((await stack.api.request(method, path, { body, token: actor.token })).status);
      }
      expect([actor.role, statuses]).toEqual([actor.role, [201, 200, 204]]);
    }
  });

  it('lets anyone read, with or without a token', async () => {
    for (const token of [undefined, member.token, librarian.token, admin.token]) {
      expect((await stack.api.request('GET', '/api/v1/books', { token })).status).toBe(200);
    }
  });
});

describe('deleting a book while it is being borrowed', () => {
  it('never deadlocks or fails: either the delete is refused or no loan exists on the deleted book', async () => {
    const borrowers = await Promise.all(Array.from({ length: 6 }, () => createActor(stack, 'member')));
    for (let round = 0; round < 4; round++) {
      const book = await createBook();
      await addCopies(book.id, 3);
      const checkouts = borrowers.map((borrower) =>
        stack.api.request('POST', '/api/v1/loans', { token: borrower.token, body: { bookId: book.id } }),
      );
      const deletion = stack.api.request('DELETE', `/api/v1/books/${book.id}`, { token: librarian.token });
      const [deleted, ...lent] = await Promise.all([deletion, ...checkouts]);
      const statuses = [deleted.status, ...lent.map((response) => response.status)];
      expect(statuses.filter((status) => status >= 500)).toEqual([]);
      const [{ active }] = await sql(
        stack,
        `SELECT count(*)::int AS active FROM loans WHERE book_id = $1 AND returned_at IS NULL`,
        [book.id],
      );
      expect(active).toBe(lent.filter((response) => response.status === 201).length);
      if (deleted.status === 204) expect(active).toBe(0);
      else expect([deleted.status, deleted.body.code, active > 0]).toEqual([409, 'BOOK_HAS_ACTIVE_LOANS', true]);
    }
  }, 60_000);
});
