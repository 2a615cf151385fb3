import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OPENAPI_FILE } from './openapi/openapi-file.js';
import { createActors, sql, type Actor } from './test/actors.js';
import type { HttpResponse, RequestOptions } from './test/http.js';
import { PRISM_ERROR_TYPE, startPrismProxy, type PrismProxy } from './test/prism-proxy.js';
import { useStack } from './test/use-stack.js';

/**
 * The end-to-end flows, driven through Stoplight Prism's validating proxy (`prism proxy --errors`)
 * with the committed api/openapi.json: any request or response that the document does not allow
 * fails the test with Prism's list of violations.
 */
const stack = useStack();
let prism: PrismProxy;
let librarian: Actor;
let admin: Actor;

beforeAll(async () => {
  prism = await startPrismProxy(OPENAPI_FILE, stack.api.baseUrl);
  [librarian, admin] = await createActors(stack, 'librarian', 'admin');
}, 120_000);

afterAll(async () => {
  await prism?.stop();
});

function isPrismError(response: HttpResponse): boolean {
  return typeof response.body?.type === 'string' && response.body.type.startsWith(PRISM_ERROR_TYPE);
}

/** A request the document allows, answered by the API with a response the document allows. */
async function call(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
  const response = await prism.request(method, path, options);
  if (isPrismError(response)) {
    throw new Error(`Prism found ${method} ${path} outside the contract (${response.status}):\n${response.text}`);
  }
  return response;
}

const v1 = (path: string) => `/api/v1${path}`;
const isbn13 = () => {
  const first12 = `978${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
  let sum = 0;
  for (let index = 0; index < 12; index++) sum += Number(first12[index]) * (index % 2 === 0 ? 1 : 3);
  return first12 + String((10 - (sum % 10)) % 10);
};

describe('the contract, through the Prism validating proxy', () => {
  it('refuses a request that breaks the document before it reaches the API', async () => {
    const refused = await prism.request('GET', v1('/books/not-a-uuid'));
    expect(refused.status).toBe(422);
    expect(refused.body.type).toBe(`${PRISM_ERROR_TYPE}UNPROCESSABLE_ENTITY`);
    expect((await call('GET', v1(`/books/${randomUUID()}`))).status).toBe(404);
  });

  it('catches a response that breaks the document (checked with a document made stricter than the API)', async () => {
    const document = JSON.parse(await readFile(OPENAPI_FILE, 'utf8'));
    document.components.schemas.BookView.properties.title.maxLength = 3;
    const directory = await mkdtemp(join(tmpdir(), 'lms-contract-'));
    const stricter = join(directory, 'openapi.json');
    await writeFile(stricter, JSON.stringify(document));
    const strictPrism = await startPrismProxy(stricter, stack.api.baseUrl);
    try {
      const book = await call('POST', v1('/books'), {
        token: librarian.token,
        body: { isbn: isbn13(), title: 'A title longer than three', author: 'Canary' },
      });
      const checked = await strictPrism.request('GET', v1(`/books/${book.body.id}`));
      expect(checked.status).toBe(500);
      expect(checked.body.type).toBe(`${PRISM_ERROR_TYPE}VIOLATIONS`);
    } finally {
      await strictPrism.stop();
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('registers, logs in and reads the caller', async () => {
    const email = `contract-${randomUUID()}@example.org`;
    const password = 'correct horse battery staple';
    const registered = await call('POST', v1('/auth/register'), { body: { email, password, name: '  Ada  ' } });
    expect(registered.status).toBe(201);
    expect((await call('POST', v1('/auth/register'), { body: { email, password, name: 'Ada' } })).status).toBe(409);
    const login = await call('POST', v1('/auth/login'), { body: { email: ` ${email.toUpperCase()} `, password } });
    expect(login.status).toBe(200);
    const wrong = await call('POST', v1('/auth/login'), { body: { email, password: 'not the password' } });
    expect(wrong.status).toBe(401);
    const me = await call('GET', v1('/auth/me'), { token: login.body.accessToken });
    expect(me.body).toMatchObject({ email, name: 'Ada', role: 'member' });
    expect((await call('GET', v1('/auth/me'), { token: 'not-a-jwt' })).status).toBe(401);
  });

  it('runs the catalogue: books created, searched, read, changed and deleted, with their copies', async () => {
    const token = librarian.token;
    const created = await call('POST', v1('/books'), {
      token,
      body: { isbn: isbn13(), title: 'The Dispossessed', author: 'Ursula K. Le Guin', publishedYear: 1974 },
    });
    expect(created.status).toBe(201);
    const bookId = created.body.id;
    const duplicate = await call('POST', v1('/books'), {
      token,
      body: { isbn: created.body.isbn, title: 'Again', author: 'Someone' },
    });
    expect(duplicate.status).toBe(409);
    const copy = await call('POST', v1(`/books/${bookId}/copies`), {
      token,
      body: { barcode: ` C-${bookId.slice(0, 8)} ` },
    });
    expect(copy.status).toBe(201);
    expect((await call('POST', v1(`/books/${bookId}/copies`), { token, body: {} })).status).toBe(201);
    expect((await call('GET', v1(`/books/${bookId}/copies?page=1&limit=10`))).body.total).toBe(2);
    const lost = await call('PATCH', v1(`/copies/${copy.body.id}`), { token, body: { status: 'lost' } });
    expect(lost.body.status).toBe('lost');
    const search = await call('GET', v1('/books?q=dispossessed&available=true&page=1&limit=5'));
    expect(search.body.items.map((book: { id: string }) => book.id)).toContain(bookId);
    expect((await call('GET', v1('/books?author=ursula%20k.%20le%20guin'))).status).toBe(200);
    const read = await call('GET', v1(`/books/${bookId}`));
    expect(read.body).toMatchObject({ copiesTotal: 2, copiesAvailable: 1 });
    const changed = await call('PATCH', v1(`/books/${bookId}`), { token, body: { publishedYear: null, title: 'New' } });
    expect(changed.body).toMatchObject({ publishedYear: null, title: 'New' });
    expect((await call('DELETE', v1(`/books/${bookId}`), { token })).status).toBe(204);
    expect((await call('GET', v1(`/books/${bookId}`))).status).toBe(404);
  });

  it('runs a loan through checkout, renewal, return, fine and payment', async () => {
    const [member] = await createActors(stack, 'member');
    const book = await call('POST', v1('/books'), {
      token: librarian.token,
      body: { isbn: isbn13(), title: 'Loan flow', author: 'Contract' },
    });
    const copy = await call('POST', v1(`/books/${book.body.id}/copies`), { token: librarian.token, body: {} });
    const loan = await call('POST', v1('/loans'), { token: member.token, body: { bookId: book.body.id } });
    expect(loan.status).toBe(201);
    expect(loan.body).toMatchObject({ copyId: copy.body.id, status: 'active', returnedAt: null });
    const taken = await call('POST', v1('/loans'), { token: member.token, body: { copyId: copy.body.id } });
    expect(taken.status).toBe(409);
    expect((await call('POST', v1(`/loans/${loan.body.id}/renew`), { token: member.token })).body.renewals).toBe(1);
    expect((await call('GET', v1(`/loans/${loan.body.id}`), { token: member.token })).body.id).toBe(loan.body.id);
    const mine = await call('GET', v1('/loans?status=active&page=1'), { token: member.token });
    expect(mine.body.items).toHaveLength(1);
    const theirs = await call('GET', v1(`/loans?userId=${member.id}`), { token: librarian.token });
    expect(theirs.body.total).toBe(1);
    await sql(
      stack,
      `UPDATE loans SET loaned_at = now() - interval '24 days', due_at = now() - interval '4 days' WHERE id = $1`,
      [loan.body.id],
    );
    expect((await call('GET', v1('/loans?status=overdue'), { token: member.token })).body.total).toBe(1);
    const returned = await call('POST', v1(`/loans/${loan.body.id}/return`), { token: member.token });
    expect(returned.body).toMatchObject({ status: 'returned', fineCents: 100 });
    expect((await call('POST', v1(`/loans/${loan.body.id}/return`), { token: member.token })).status).toBe(409);
    const detail = await call('GET', v1(`/users/${member.id}`), { token: librarian.token });
    expect(detail.body).toMatchObject({ outstandingFinesCents: 100, activeLoans: 0 });
    const paid = await call('POST', v1(`/loans/${loan.body.id}/pay-fine`), { token: librarian.token });
    expect(paid.body.finePaidAt).toEqual(expect.any(String));
    expect((await call('POST', v1(`/loans/${loan.body.id}/pay-fine`), { token: librarian.token })).status).toBe(409);
  });

  it('manages users: list, read, rename, password change and admin changes', async () => {
    const [member] = await createActors(stack, 'member');
    const list = await call('GET', v1('/users?q=test&page=1&limit=100'), { token: librarian.token });
    expect(list.body.total).toBeGreaterThanOrEqual(1);
    expect((await call('GET', v1(`/users/${member.id}`), { token: member.token })).body.id).toBe(member.id);
    const renamed = await call('PATCH', v1(`/users/${member.id}`), { token: member.token, body: { name: 'Renamed' } });
    expect(renamed.body.name).toBe('Renamed');
    const password = await call('PATCH', v1(`/users/${member.id}`), {
      token: member.token,
      body: { password: 'a-brand-new-password', currentPassword: 'wrong current password' },
    });
    expect(password.status).toBe(403);
    const suspended = await call('PATCH', v1(`/users/${member.id}`), {
      token: admin.token,
      body: { status: 'suspended', role: 'librarian' },
    });
    expect(suspended.body).toMatchObject({ status: 'suspended', role: 'librarian' });
    expect((await call('GET', v1('/users'), { token: member.token })).status).toBe(403);
    expect((await call('GET', v1(`/users/${randomUUID()}`), { token: admin.token })).status).toBe(404);
  });

  it('answers the errors the API makes on purpose with documented problems', async () => {
    const [member] = await createActors(stack, 'member');
    const forbidden = await call('POST', v1('/books'), {
      token: member.token,
      body: { isbn: isbn13(), title: 'Nope', author: 'Member' },
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toContain('application/problem+json');
    expect((await call('POST', v1('/loans'), { token: member.token, body: { bookId: randomUUID() } })).status).toBe(
      404,
    );
    expect((await call('GET', v1(`/loans/${randomUUID()}`), { token: member.token })).body.code).toBe('LOAN_NOT_FOUND');
    expect((await call('GET', '/health/ready')).status).toBe(200);
  });

  it('agrees with the API on requests that break the document: Prism refuses them, and so does the API', async () => {
    const token = admin.token;
    const invalid: [string, string, RequestOptions][] = [
      ['GET', v1('/books?page=1.5'), {}],
      ['GET', v1('/books?limit=101'), {}],
      ['GET', v1('/books?available=yes'), {}],
      ['GET', v1(`/loans?status=lost`), { token }],
      ['POST', v1('/auth/login'), { body: { email: 'a'.repeat(255), password: 'x' } }],
      ['POST', v1('/auth/register'), { body: { email: 'not-an-email', password: 'long enough password', name: 'A' } }],
      ['POST', v1('/books'), { token, body: { isbn: '9780306406157', title: 'T', author: 'A', publishedYear: 1.5 } }],
      ['POST', v1('/books'), { token, body: { isbn: '9780306406157', title: 'T', author: 'A', extra: true } }],
      ['POST', v1('/loans'), { token, body: { bookId: randomUUID(), copyId: randomUUID() } }],
      ['POST', v1('/loans'), { token, body: {} }],
      ['PATCH', v1(`/users/${admin.id}`), { token, body: { currentPassword: 'x'.repeat(257) } }],
      ['PATCH', v1(`/copies/${randomUUID()}`), { token, body: { status: 'on_loan' } }],
    ];
    for (const [method, path, options] of invalid) {
      const viaPrism = await prism.request(method, path, options);
      const direct = await stack.api.request(method, path, options);
      expect({ method, path, prism: viaPrism.status, api: direct.status }).toEqual({
        method,
        path,
        prism: 422,
        api: 400,
      });
      expect(direct.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});
