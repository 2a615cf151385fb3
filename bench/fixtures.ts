import pg from 'pg';
import type { LoggedInMember } from './scenarios.js';

/** What the scenarios draw from, read from the seeded database. */
export interface Fixtures {
  /** Every book in the catalogue. */
  readonly bookIds: readonly string[];
  /** Books with at least two copies on the shelf, shuffled: the loan cycle borrows them in turn. */
  readonly lendableBookIds: readonly string[];
  /** Search words that match books, spread over rare to common. */
  readonly searchTerms: readonly string[];
  /** Seeded members who may borrow: active, few loans, no blocking fines. */
  readonly memberEmails: readonly string[];
}

/** How many search terms the search scenario cycles through. */
const SEARCH_TERMS = 40;

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}

/** `count` items taken at even steps through `items` (which is ordered), so every part of the range is represented. */
export function evenlySpaced<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, index) => items[Math.floor((index * items.length) / count)]);
}

export async function readFixtures(connection: pg.ClientConfig, memberCount: number): Promise<Fixtures> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    const books = await client.query<{ id: string; lendable: boolean }>(
      // Two copies on the shelf: a loan left open when a warm-up run stops (autocannon does not send the
      // return of a checkout in flight) still leaves one to lend when the rotation comes back to the book.
      `SELECT b.id, (SELECT count(*) FROM copies c WHERE c.book_id = b.id AND c.status = 'available') >= 2 AS lendable
       FROM books b WHERE b.deleted_at IS NULL`,
    );
    // Words of the search column (title, author, ISBN) as the API's prefix search sees them; digits
    // are ISBN fragments, not what readers type.
    const words = await client.query<{ word: string }>(
      `SELECT word FROM ts_stat($$SELECT search FROM books WHERE deleted_at IS NULL$$)
       WHERE length(word) >= 3 AND word !~ '^[0-9]+$'
       ORDER BY ndoc, word`,
    );
    const members = await client.query<{ email: string }>(
      `SELECT u.email FROM users u
       WHERE u.role = 'member' AND u.status = 'active'
         AND (SELECT count(*) FROM loans l WHERE l.user_id = u.id AND l.returned_at IS NULL) <= 2
         AND (SELECT coalesce(sum(fine_cents), 0) FROM loans l
              WHERE l.user_id = u.id AND l.fine_cents > 0 AND l.fine_paid_at IS NULL) < 250
       ORDER BY u.email LIMIT $1`,
      [memberCount],
    );
    return {
      bookIds: books.rows.map((row) => row.id),
      lendableBookIds: shuffled(books.rows.filter((row) => row.lendable).map((row) => row.id)),
      searchTerms: evenlySpaced(
        words.rows.map((row) => row.word),
        SEARCH_TERMS,
      ),
      memberEmails: members.rows.map((row) => row.email),
    };
  } finally {
    await client.end();
  }
}

/** Logs the members in through the API, two at a time (each login is a deliberately slow argon2id check). */
export async function logIn(baseUrl: string, emails: readonly string[], password: string): Promise<LoggedInMember[]> {
  const members: LoggedInMember[] = [];
  const queue = [...emails];
  const worker = async () => {
    for (let email = queue.shift(); email !== undefined; email = queue.shift()) {
      const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      const body = (await response.json()) as { accessToken?: string };
      if (response.status !== 200 || !body.accessToken) {
        throw new Error(`Logging in ${email} failed with ${response.status}: ${JSON.stringify(body)}`);
      }
      members.push({ email, token: body.accessToken });
    }
  };
  await Promise.all([worker(), worker()]);
  return members;
}
