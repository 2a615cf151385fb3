import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bookPageStatement } from '../books/books.sql.js';
import { sql } from '../test/actors.js';
import { runBuiltScript, startStack, type NodeRun, type TestStack } from '../test/api-process.js';
import { seedIsbn } from './seed/catalogue.js';
import { DEV_SEED_USER_PASSWORD } from './seed/seed-options.js';

let stack: TestStack;
const ADMIN = { SEED_ADMIN_EMAIL: 'Head.Librarian@Example.org', SEED_ADMIN_PASSWORD: 'a-long-admin-password' };

async function runSeed(extra: Record<string, string> = {}): Promise<NodeRun & { summary: any }> {
  const run = await runBuiltScript('database/seed.js', { ...stack.env, ...ADMIN, ...extra });
  const line = run.stdout.split('\n').find((text) => text.includes('"seed applied"'));
  return { ...run, summary: line ? JSON.parse(line) : undefined };
}

async function tableCounts(): Promise<Record<string, number>> {
  const [counts] = await sql(
    stack,
    `SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM books) AS books,
            (SELECT count(*)::int FROM copies) AS copies, (SELECT count(*)::int FROM loans) AS loans,
            (SELECT count(*)::int FROM copies WHERE status = 'on_loan') AS "onLoan"`,
  );
  return counts;
}

let first: NodeRun & { summary: any };

beforeAll(async () => {
  stack = await startStack();
  first = await runSeed();
}, 90_000);

afterAll(async () => {
  await stack?.close();
});

describe('seed', () => {
  it('creates at least 200 books with copies, members, a librarian, an admin and loans, and prints a JSON summary', async () => {
    expect(first.code).toBe(0);
    expect(first.summary).toMatchObject({
      level: 'info',
      inserted: { users: 22, books: 200 },
      accounts: {
        admin: 'head.librarian@example.org',
        librarian: 'librarian@library.local',
        members: 'member0001@library.local … member0020@library.local',
        developmentPassword: DEV_SEED_USER_PASSWORD,
      },
    });
    expect(first.summary.inserted.copies).toBeGreaterThan(200);
    expect(first.summary.inserted.activeLoans).toBeGreaterThan(0);
    expect(first.summary.inserted.returnedLoans).toBeGreaterThan(0);
    const counts = await tableCounts();
    expect(counts.books).toBeGreaterThanOrEqual(200);
    const booksWithoutCopies = await sql(
      stack,
      `SELECT id FROM books b WHERE NOT EXISTS (SELECT 1 FROM copies c WHERE c.book_id = b.id)`,
    );
    expect(booksWithoutCopies).toEqual([]);
    const roles = await sql(stack, `SELECT role, count(*)::int AS count FROM users GROUP BY role ORDER BY role`);
    expect(roles).toEqual([
      { role: 'member', count: 20 },
      { role: 'librarian', count: 1 },
      { role: 'admin', count: 1 },
    ]);
  });

  it('leaves loans consistent: each copy on loan has exactly one active loan and the reverse, some overdue', async () => {
    const mismatched = await sql(
      stack,
      `SELECT c.id FROM copies c
       WHERE (c.status = 'on_loan') <> EXISTS (SELECT 1 FROM loans l WHERE l.copy_id = c.id AND l.returned_at IS NULL)`,
    );
    expect(mismatched).toEqual([]);
    const [loans] = await sql(
      stack,
      `SELECT count(*) FILTER (WHERE returned_at IS NULL AND due_at < now())::int AS overdue,
              count(*) FILTER (WHERE returned_at IS NULL AND due_at >= now())::int AS current,
              count(*) FILTER (WHERE returned_at IS NOT NULL)::int AS returned,
              count(*) FILTER (WHERE fine_cents > 0 AND fine_paid_at IS NULL)::int AS unpaid,
              count(*) FILTER (WHERE due_at - loaned_at <> interval '14 days')::int AS "oddPeriods"
       FROM loans`,
    );
    expect(loans.overdue).toBeGreaterThan(0);
    expect(loans.current).toBeGreaterThan(0);
    expect(loans.returned).toBeGreaterThan(0);
    expect(loans.unpaid).toBeGreaterThan(0);
    expect(loans.oddPeriods).toBe(0);
    const [worst] = await sql(
      stack,
      `SELECT max(active)::int AS active, max(unpaid)::int AS unpaid FROM (
         SELECT u.id, count(l.id) FILTER (WHERE l.returned_at IS NULL) AS active,
                coalesce(sum(l.fine_cents) FILTER (WHERE l.fine_paid_at IS NULL), 0) AS unpaid
         FROM users u LEFT JOIN loans l ON l.user_id = u.id GROUP BY u.id) per_member`,
    );
    // Every seeded member can still borrow: under the 5-loan limit and the 500-cent fine threshold.
    expect(worst.active).toBeLessThan(5);
    expect(worst.unpaid).toBeLessThan(500);
  });

  it('seeds holds as the queue keeps them: copies on the hold shelf for ready holds, queues only where every copy is out', async () => {
    expect(first.summary.inserted.readyHolds).toBeGreaterThan(0);
    expect(first.summary.inserted.waitingHolds).toBeGreaterThan(0);
    const shelfMismatch = await sql(
      stack,
      `SELECT c.id FROM copies c
       WHERE (c.status = 'on_hold_shelf') <> EXISTS (SELECT 1 FROM holds h WHERE h.copy_id = c.id AND h.status = 'ready')`,
    );
    expect(shelfMismatch).toEqual([]);
    const queuedWithCopyOnShelf = await sql(
      stack,
      `SELECT h.id FROM holds h JOIN copies c ON c.book_id = h.book_id AND c.status = 'available' WHERE h.status = 'waiting'`,
    );
    expect(queuedWithCopyOnShelf).toEqual([]);
    const holdsOfBorrowers = await sql(
      stack,
      `SELECT h.id FROM holds h JOIN loans l ON l.user_id = h.user_id AND l.book_id = h.book_id AND l.returned_at IS NULL`,
    );
    expect(holdsOfBorrowers).toEqual([]);
    const [{ most }] = await sql(
      stack,
      `SELECT max(n)::int AS most FROM (SELECT count(*) AS n FROM holds GROUP BY user_id) t`,
    );
    expect(most).toBeLessThanOrEqual(5);
  });

  it('adds nothing when run a second time', async () => {
    const before = await tableCounts();
    const second = await runSeed();
    expect(second.code).toBe(0);
    expect(second.summary.inserted).toEqual({
      users: 0,
      books: 0,
      copies: 0,
      activeLoans: 0,
      returnedLoans: 0,
      readyHolds: 0,
      waitingHolds: 0,
    });
    expect(await tableCounts()).toEqual(before);
  });

  it('seeds an admin who logs in with SEED_ADMIN_* and members who log in with the development password', async () => {
    const admin = await stack.api.request('POST', '/api/v1/auth/login', {
      body: { email: ADMIN.SEED_ADMIN_EMAIL, password: ADMIN.SEED_ADMIN_PASSWORD },
    });
    expect(admin.status).toBe(200);
    const me = await stack.api.request('GET', '/api/v1/auth/me', { token: admin.body.accessToken });
    expect(me.body).toMatchObject({ role: 'admin', email: 'head.librarian@example.org' });
    for (const email of ['member0001@library.local', 'librarian@library.local']) {
      const login = await stack.api.request('POST', '/api/v1/auth/login', {
        body: { email, password: DEV_SEED_USER_PASSWORD },
      });
      expect([email, login.status]).toEqual([email, 200]);
    }
  });

  it('refuses to run in production without SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD, naming both', async () => {
    const run = await runSeed({ NODE_ENV: 'production', SEED_ADMIN_EMAIL: '', SEED_ADMIN_PASSWORD: '' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('SEED_ADMIN_EMAIL: required in production');
    expect(run.stderr).toContain('SEED_ADMIN_PASSWORD: required in production');
  });

  it('in production, gives seeded members a random password unless SEED_USER_PASSWORD is set, and never prints it', async () => {
    const run = await runSeed({ NODE_ENV: 'production', SEED_MEMBERS: '21', SEED_BOOKS: '0' });
    expect(run.code).toBe(0);
    expect(run.summary.inserted.users).toBe(1);
    expect(run.summary.accounts.developmentPassword).toBeUndefined();
    expect(run.stdout).not.toContain(DEV_SEED_USER_PASSWORD);
    const login = await stack.api.request('POST', '/api/v1/auth/login', {
      body: { email: 'member0021@library.local', password: DEV_SEED_USER_PASSWORD },
    });
    expect(login.status).toBe(401);
  });

  it('grows to the benchmark size (10,000 books, 1,000 members) in batches within seconds', async () => {
    const run = await runSeed({ SEED_BOOKS: '10000', SEED_MEMBERS: '1000' });
    expect(run.code).toBe(0);
    expect(run.summary.inserted.books).toBe(9800);
    expect(run.summary.totals).toMatchObject({ books: 10_000, users: 1002 });
    console.log(`seeding 9,800 more books and 980 members took ${run.summary.durationMs} ms`);
    expect(run.summary.durationMs).toBeLessThan(30_000);
  }, 60_000);

  it('searches the benchmark-sized catalogue through books_search_idx, never a sequential scan of books', async () => {
    // No planner switches: the seed leaves fresh statistics (VACUUM ANALYZE), as autovacuum would.
    const isbn = seedIsbn(1234);
    for (const q of [
      'lighthouse',
      'okafor',
      'amara okafor',
      'silent riv',
      isbn.replace(/^(\d{3})(\d)(\d{8})/, '$1-$2-$3-'),
    ]) {
      const statement = bookPageStatement({ q }, 20, 0);
      const [{ 'QUERY PLAN': plan }] = await sql(stack, `EXPLAIN (FORMAT JSON) ${statement.text}`, [
        ...statement.values,
      ]);
      const nodes = planNodes(plan[0].Plan);
      expect([q, nodes.some((node) => node['Index Name'] === 'books_search_idx')]).toEqual([q, true]);
      const seqScans = nodes.filter((node) => node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'books');
      expect([q, seqScans]).toEqual([q, []]);
    }
  });
});

/** Every node of an EXPLAIN (FORMAT JSON) plan tree, the root first. */
function planNodes(node: any): any[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}
