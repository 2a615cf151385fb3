import type autocannon from 'autocannon';

/** A member logged in through the API, ready to borrow. */
export interface LoggedInMember {
  readonly email: string;
  readonly token: string;
}

function randomItem<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

/** Hands out the items one after the other, starting over at the end. */
export function rotation<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new Error('rotation over no items: the seed must provide some.');
  let next = 0;
  return () => {
    const item = items[next];
    next = (next + 1) % items.length;
    return item;
  };
}

/** Scenario 1: `GET /api/v1/books/:id`, a random existing book each time. */
export function booksById(bookIds: readonly string[]): autocannon.Request[] {
  return [
    {
      method: 'GET',
      setupRequest: (request) => ({ ...request, path: `/api/v1/books/${randomItem(bookIds)}` }),
    },
  ];
}

/** Scenario 2: `GET /api/v1/books?q=<term>&limit=20`, a random term that matches books. */
export function booksSearch(terms: readonly string[]): autocannon.Request[] {
  return [
    {
      method: 'GET',
      setupRequest: (request) => ({
        ...request,
        path: `/api/v1/books?q=${encodeURIComponent(randomItem(terms))}&limit=20`,
      }),
    },
  ];
}

interface LoanContext {
  token?: string;
  loanId?: string;
}

/**
 * Scenario 3: borrow a book, then return that loan, as the next member in the rotation. Books rotate
 * over a list much longer than the number of connections, so two connections never race for the
 * last copy of a book and every checkout can succeed.
 */
export function loanCycle(members: readonly LoggedInMember[], bookIds: readonly string[]): autocannon.Request[] {
  const nextMember = rotation(members);
  const nextBook = rotation(bookIds);
  return [
    {
      method: 'POST',
      path: '/api/v1/loans',
      setupRequest: (request, context) => {
        const loan = context as LoanContext;
        loan.token = nextMember().token;
        loan.loanId = undefined;
        return {
          ...request,
          headers: { authorization: `Bearer ${loan.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ bookId: nextBook() }),
        };
      },
      onResponse: (status, body, context) => {
        (context as LoanContext).loanId = status === 201 ? (JSON.parse(body) as { id: string }).id : undefined;
      },
    },
    {
      method: 'POST',
      setupRequest: (request, context) => {
        const loan = context as LoanContext;
        // No loan to return: autocannon starts the sequence over (counted as a reset).
        if (!loan.loanId) return undefined as unknown as autocannon.Request;
        return {
          ...request,
          path: `/api/v1/loans/${loan.loanId}/return`,
          headers: { authorization: `Bearer ${loan.token}` },
        };
      },
    },
  ];
}
