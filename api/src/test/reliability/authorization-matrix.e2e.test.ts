import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomInt } from 'node:crypto';
import { sql } from '../actors.js';
import { startStack, type TestStack } from '../api-process.js';
import { addBook } from '../loan-fixtures.js';
import { reportFigures } from './figures.js';
import { insertUsers, type TokenUser } from './members.js';
import { signJwt } from './tokens.js';

type Caller = 'anonymous' | 'member' | 'otherMember' | 'librarian' | 'admin';
const CALLERS: readonly Caller[] = ['anonymous', 'member', 'otherMember', 'librarian', 'admin'];

/** Fresh resources for one cell, owned by `member`, so no cell depends on another's writes. */
interface Fixture {
  readonly member: TokenUser;
  readonly otherMember: TokenUser;
  readonly bookId: string;
  readonly copyId: string;
  /** An active loan of `member`. */
  readonly loanId: string;
  /** A returned loan of `member` with an unpaid fine. */
  readonly finedLoanId: string;
  /** A title with a copy on the shelf that nobody holds or borrows. */
  readonly holdableBookId: string;
  /** A waiting hold of `member`. */
  readonly holdId: string;
  /** The barcodes of the copy `member` borrows and of a copy on the shelf, and `member`'s card. */
  readonly loanedBarcode: string;
  readonly shelvedBarcode: string;
  readonly memberCard: string;
}

interface Row {
  readonly route: string;
  readonly request: (f: Fixture) => { path: string; body?: unknown };
  /** anonymous, member (the owner of the fixture), another member, librarian, admin. */
  readonly expected: readonly [number, number, number, number, number];
}

const isbn = () => `978${String(randomInt(0, 10_000_000_000)).padStart(10, '0')}`;
const validIsbn13 = () => {
  const first12 = isbn().slice(0, 12);
  const sum = [...first12].reduce((total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return `${first12}${(10 - (sum % 10)) % 10}`;
};

/** The rules table as the migration stores it, so an admin's replacement changes nothing. */
const DEFAULT_RULES = ['adult', 'child', 'staff'].flatMap((category) =>
  ['*', 'reference'].map((itemType) => ({
    category,
    itemType,
    loanable: itemType === '*',
    loanDays: 14,
    maxActiveLoans: 5,
    maxRenewals: 2,
    fineCentsPerDay: 25,
    fineCapCents: 1000,
    holdsAllowed: itemType === '*',
    maxHolds: 5,
  })),
);

/** Every protected route (and, for contrast, the public ones) × caller → status. */
const MATRIX: readonly Row[] = [
  //                                                                           anon member other  lib  admin
  { route: 'GET /auth/me', request: () => ({ path: '/auth/me' }), expected: [401, 200, 200, 200, 200] },
  { route: 'GET /users', request: () => ({ path: '/users' }), expected: [401, 403, 403, 200, 200] },
  { route: 'GET /users/:id', request: (f) => ({ path: `/users/${f.member.id}` }), expected: [401, 200, 404, 200, 200] },
  {
    route: 'PATCH /users/:id {name}',
    request: (f) => ({ path: `/users/${f.member.id}`, body: { name: 'Renamed' } }),
    expected: [401, 200, 404, 403, 200],
  },
  {
    route: 'PATCH /users/:id {status}',
    request: (f) => ({ path: `/users/${f.member.id}`, body: { status: 'suspended' } }),
    expected: [401, 403, 404, 403, 200],
  },
  { route: 'GET /books (public)', request: () => ({ path: '/books' }), expected: [200, 200, 200, 200, 200] },
  {
    route: 'GET /books/:id (public)',
    request: (f) => ({ path: `/books/${f.bookId}` }),
    expected: [200, 200, 200, 200, 200],
  },
  {
    route: 'POST /books',
    request: () => ({ path: '/books', body: { isbn: validIsbn13(), title: 'Matrix', author: 'Tester' } }),
    expected: [401, 403, 403, 201, 201],
  },
  {
    route: 'PATCH /books/:id',
    request: (f) => ({ path: `/books/${f.bookId}`, body: { title: 'Retitled' } }),
    expected: [401, 403, 403, 200, 200],
  },
  { route: 'DELETE /books/:id', request: (f) => ({ path: `/books/${f.bookId}` }), expected: [401, 403, 403, 409, 409] },
  {
    route: 'GET /books/:id/copies (public)',
    request: (f) => ({ path: `/books/${f.bookId}/copies` }),
    expected: [200, 200, 200, 200, 200],
  },
  {
    route: 'POST /books/:id/copies',
    request: (f) => ({ path: `/books/${f.bookId}/copies`, body: {} }),
    expected: [401, 403, 403, 201, 201],
  },
  {
    route: 'PATCH /copies/:id',
    request: (f) => ({ path: `/copies/${f.copyId}`, body: { status: 'lost' } }),
    expected: [401, 403, 403, 200, 200],
  },
  {
    route: 'POST /loans {bookId}',
    request: (f) => ({ path: '/loans', body: { bookId: f.bookId } }),
    expected: [401, 201, 201, 201, 201],
  },
  {
    route: 'POST /loans {bookId, userId: member}',
    request: (f) => ({ path: '/loans', body: { bookId: f.bookId, userId: f.member.id } }),
    expected: [401, 201, 403, 201, 201],
  },
  { route: 'GET /loans', request: () => ({ path: '/loans' }), expected: [401, 200, 200, 200, 200] },
  {
    route: 'GET /loans?userId=member',
    request: (f) => ({ path: `/loans?userId=${f.member.id}` }),
    expected: [401, 200, 403, 200, 200],
  },
  { route: 'GET /loans/:id', request: (f) => ({ path: `/loans/${f.loanId}` }), expected: [401, 200, 404, 200, 200] },
  {
    route: 'POST /loans/:id/return',
    request: (f) => ({ path: `/loans/${f.loanId}/return` }),
    expected: [401, 200, 404, 200, 200],
  },
  {
    route: 'POST /loans/:id/renew',
    request: (f) => ({ path: `/loans/${f.loanId}/renew` }),
    expected: [401, 200, 404, 200, 200],
  },
  {
    route: 'POST /loans/:id/pay-fine',
    request: (f) => ({ path: `/loans/${f.finedLoanId}/pay-fine` }),
    expected: [401, 403, 403, 200, 200],
  },
  {
    route: 'POST /holds {bookId}',
    request: (f) => ({ path: '/holds', body: { bookId: f.holdableBookId } }),
    expected: [401, 201, 201, 201, 201],
  },
  {
    route: 'POST /holds {bookId, userId: member}',
    request: (f) => ({ path: '/holds', body: { bookId: f.holdableBookId, userId: f.member.id } }),
    expected: [401, 201, 403, 201, 201],
  },
  { route: 'GET /holds', request: () => ({ path: '/holds' }), expected: [401, 200, 200, 200, 200] },
  {
    route: 'GET /holds?userId=member',
    request: (f) => ({ path: `/holds?userId=${f.member.id}` }),
    expected: [401, 200, 403, 200, 200],
  },
  { route: 'GET /holds/:id', request: (f) => ({ path: `/holds/${f.holdId}` }), expected: [401, 200, 404, 200, 200] },
  {
    route: 'POST /holds/:id/cancel',
    request: (f) => ({ path: `/holds/${f.holdId}/cancel` }),
    expected: [401, 200, 404, 200, 200],
  },
  {
    route: 'POST /holds/maintenance',
    request: () => ({ path: '/holds/maintenance' }),
    expected: [401, 403, 403, 200, 200],
  },
  {
    route: 'POST /circulation/checkout',
    request: (f) => ({
      path: '/circulation/checkout',
      body: { copyBarcode: f.shelvedBarcode, cardNumber: f.memberCard },
    }),
    expected: [401, 403, 403, 201, 201],
  },
  {
    route: 'POST /circulation/checkin',
    request: (f) => ({ path: '/circulation/checkin', body: { copyBarcode: f.loanedBarcode } }),
    expected: [401, 403, 403, 200, 200],
  },
  {
    route: 'GET /circulation-rules',
    request: () => ({ path: '/circulation-rules' }),
    expected: [401, 403, 403, 403, 200],
  },
  {
    route: 'PUT /circulation-rules (the default table)',
    request: () => ({ path: '/circulation-rules', body: { rules: DEFAULT_RULES } }),
    expected: [401, 403, 403, 403, 200],
  },
  {
    route: 'GET /circulation-rules/resolve',
    request: () => ({ path: '/circulation-rules/resolve?category=adult&itemType=book' }),
    expected: [401, 403, 403, 200, 200],
  },
];

const METHOD = (route: string) => route.split(' ')[0];

let stack: TestStack;
let staff: { librarian: TokenUser; admin: TokenUser };

beforeAll(async () => {
  stack = await startStack();
  const [[librarian], [admin]] = await Promise.all([
    insertUsers(stack, 1, 'librarian'),
    insertUsers(stack, 1, 'admin'),
  ]);
  staff = { librarian, admin };
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

async function fixture(): Promise<Fixture> {
  const [member, otherMember] = await insertUsers(stack, 2);
  const { bookId, copyIds } = await addBook(stack, 4);
  const loan = await stack.api.request('POST', '/api/v1/loans', { token: member.token, body: { copyId: copyIds[3] } });
  expect(loan.status).toBe(201);
  const [fined] = await sql(
    stack,
    `INSERT INTO loans (user_id, book_id, copy_id, loaned_at, due_at, returned_at, fine_cents)
     VALUES ($1, $2, $3, now() - interval '30 days', now() - interval '10 days', now() - interval '1 day', 250)
     RETURNING id`,
    [member.id, bookId, copyIds[2]],
  );
  const holdable = await addBook(stack, 1);
  const queued = await addBook(stack, 1);
  await sql(stack, `UPDATE copies SET status = 'on_loan' WHERE id = $1`, [queued.copyIds[0]]);
  await sql(
    stack,
    `INSERT INTO loans (user_id, book_id, copy_id, due_at) VALUES ($1, $2, $3, now() + interval '7 days')`,
    [otherMember.id, queued.bookId, queued.copyIds[0]],
  );
  const hold = await stack.api.request('POST', '/api/v1/holds', {
    token: member.token,
    body: { bookId: queued.bookId },
  });
  expect(hold.status).toBe(201);
  const [barcodes] = await sql(
    stack,
    `SELECT (SELECT barcode FROM copies WHERE id = $1) AS loaned, (SELECT barcode FROM copies WHERE id = $2) AS shelved,
            (SELECT card_number FROM users WHERE id = $3) AS card`,
    [copyIds[3], copyIds[1], member.id],
  );
  return {
    member,
    otherMember,
    bookId,
    copyId: copyIds[0],
    loanId: loan.body.id,
    finedLoanId: fined.id,
    holdableBookId: holdable.bookId,
    holdId: hold.body.id,
    loanedBarcode: barcodes.loaned,
    shelvedBarcode: barcodes.shelved,
    memberCard: barcodes.card,
  };
}

function tokenOf(caller: Caller, f: Fixture): string | undefined {
  if (caller === 'anonymous') return undefined;
  if (caller === 'member' || caller === 'otherMember') return f[caller].token;
  return staff[caller].token;
}

describe('authorization matrix', () => {
  it(`answers every route × caller as the table says (${MATRIX.length} routes × ${CALLERS.length} callers)`, async () => {
    const mismatches: string[] = [];
    let cells = 0;
    for (const row of MATRIX) {
      await Promise.all(
        CALLERS.map(async (caller, column) => {
          const f = await fixture();
          const { path, body } = row.request(f);
          const response = await stack.api.request(METHOD(row.route), `/api/v1${path}`, {
            token: tokenOf(caller, f),
            body,
          });
          cells++;
          if (response.status !== row.expected[column]) {
            mismatches.push(
              `${row.route} as ${caller}: ${response.status} (expected ${row.expected[column]}) ${response.text}`,
            );
          }
          if (response.status >= 400) {
            expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          }
        }),
      );
    }
    reportFigures('authorization matrix', {
      routes: MATRIX.length,
      callers: CALLERS.length,
      cells,
      mismatches: mismatches.length,
    });
    expect(mismatches).toEqual([]);
  }, 120_000);
});

describe('forged and stale tokens', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const header = { alg: 'HS256', typ: 'JWT' };

  function forgeries(member: TokenUser): Record<string, string> {
    const claims = { sub: member.id, role: 'member', iat: now(), exp: now() + 600 };
    const valid = signJwt({ header, payload: claims });
    const [encodedHeader, , signature] = valid.split('.');
    const asAdmin = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    const unsigned = (payload: object) =>
      `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;
    return {
      'alg none': unsigned({ ...claims, role: 'admin' }),
      'alg none with a signature': `${unsigned(claims)}${signature}`,
      'wrong secret': signJwt({ header, payload: claims, secret: 'another-secret-that-is-at-least-32-bytes' }),
      'expired (exp in the past)': signJwt({ header, payload: { ...claims, iat: now() - 7200, exp: now() - 3600 } }),
      'tampered payload (role: admin, old signature)': `${encodedHeader}.${asAdmin}.${signature}`,
      'HS512 with the right secret (algorithm pinned to HS256)': signJwt({
        header: { alg: 'HS512', typ: 'JWT' },
        payload: claims,
      }),
      'unknown role': signJwt({ header, payload: { ...claims, role: 'superuser' } }),
      'no subject': signJwt({ header, payload: { role: 'admin', iat: now(), exp: now() + 600 } }),
      'not yet valid (nbf in the future)': signJwt({ header, payload: { ...claims, nbf: now() + 3600 } }),
      'truncated signature': valid.slice(0, -5),
      garbage: 'not.a.token',
    };
  }

  it('answers 401 INVALID_TOKEN to alg none, a wrong secret, a past exp, a tampered payload and other forgeries', async () => {
    const [member] = await insertUsers(stack, 1);
    const results: Record<string, number> = {};
    for (const [name, token] of Object.entries(forgeries(member))) {
      for (const path of ['/auth/me', '/users', `/users/${member.id}`]) {
        const response = await stack.api.request('GET', `/api/v1${path}`, { token });
        results[`${name} GET ${path}`] = response.status;
        expect({ name, path, status: response.status, code: response.body?.code }).toEqual({
          name,
          path,
          status: 401,
          code: 'INVALID_TOKEN',
        });
      }
    }
    reportFigures('forged tokens', {
      forgeries: Object.keys(forgeries(member)).length,
      requests: Object.keys(results).length,
      accepted: 0,
    });
    // The same member's genuine token works, so the 401s are about the forgeries.
    expect((await stack.api.request('GET', '/api/v1/auth/me', { token: member.token })).status).toBe(200);
  });
});
