import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PasswordHasher } from '../auth/password-hasher.js';
import { isMainModule } from '../common/is-main-module.js';
import { DEFAULT_LOAN_TERMS } from '../circulation-rules/circulation-terms.js';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { connectionConfig } from './connection-config.js';
import { seedBarcode, seedCatalogue, seedMemberEmail, type SeedBook } from './seed/catalogue.js';
import {
  DEV_SEED_USER_PASSWORD,
  loadSeedOptions,
  SEED_LIBRARIAN_EMAIL,
  type SeedOptions,
} from './seed/seed-options.js';

/** The terms the sample loans are made under: the default `*` rule (the loans carry them by default). */
type LoanTerms = Pick<typeof DEFAULT_LOAN_TERMS, 'loanDays' | 'maxActiveLoans' | 'fineCentsPerDay' | 'fineCapCents'>;

/** Seed runs are serialized like migrations (a different key: a seed may wait for a migration, not block it). */
const SEED_LOCK_KEY = 7_413_202;
/** No seeded member holds more than this many seeded loans of each kind, so none starts over a limit. */
const ACTIVE_LOANS_PER_MEMBER = 2;
const RETURNED_LOANS_PER_MEMBER = 3;
/** Each seeded member queues for at most this many titles, well under the default hold limit of 5. */
const HOLDS_PER_MEMBER = 2;
/** Days a seeded ready hold waits on the hold shelf (the API's default pickup period). */
const SEED_PICKUP_DAYS = 7;

export interface SeedSummary {
  readonly inserted: {
    users: number;
    books: number;
    copies: number;
    activeLoans: number;
    returnedLoans: number;
    readyHolds: number;
    waitingHolds: number;
  };
  readonly totals: { users: number; books: number; copies: number; activeLoans: number; loans: number; holds: number };
  /** Who can log in: the admin (password from SEED_ADMIN_PASSWORD), the librarian and the members. */
  readonly accounts: {
    readonly admin: string;
    readonly librarian: string;
    readonly members: string;
    /** Shown only when it is the documented development password, never a configured one. */
    readonly developmentPassword?: string;
  };
  readonly durationMs: number;
}

interface ActiveLoanPlan {
  readonly barcode: string;
  readonly email: string;
  readonly daysAgo: number;
}

interface ReturnedLoanPlan extends ActiveLoanPlan {
  readonly keptDays: number;
  readonly fineCents: number;
  readonly finePaid: boolean;
}

const MEMBER_FIRST_NAMES = ['Ada', 'Bola', 'Chen', 'Dara', 'Emil', 'Fatima', 'Goran', 'Hana', 'Ivo', 'Jun', 'Kemal'];
const MEMBER_LAST_NAMES = ['Lovelace', 'Mensah', 'Novak', 'Ortiz', 'Park', 'Quinn', 'Rahman', 'Silva', 'Tanaka'];

function memberName(index: number): string {
  return `${MEMBER_FIRST_NAMES[index % MEMBER_FIRST_NAMES.length]} ${MEMBER_LAST_NAMES[(index * 5) % MEMBER_LAST_NAMES.length]}`;
}

/**
 * Which copies are lent to whom: every 7th book's first copy is on loan (1 to 21 days ago, so about a
 * third are overdue with the default 14-day period), every 5th book's last copy was lent and returned
 * (late returns carry a fine, half of them paid). Members are taken in turn, each within the limits.
 */
export function planLoans(catalogue: readonly SeedBook[], members: number, rules: LoanTerms = DEFAULT_LOAN_TERMS) {
  const active: ActiveLoanPlan[] = [];
  const returned: ReturnedLoanPlan[] = [];
  if (members === 0) return { active, returned };
  const maxActive = members * Math.min(ACTIVE_LOANS_PER_MEMBER, rules.maxActiveLoans);
  const maxReturned = members * RETURNED_LOANS_PER_MEMBER;
  catalogue.forEach((book, index) => {
    if (index % 7 === 3 && active.length < maxActive) {
      active.push({
        barcode: seedBarcode(book.isbn, 0),
        email: seedMemberEmail(active.length % members),
        daysAgo: 1 + (index % 21),
      });
    }
    if (index % 5 === 1 && book.copies >= 2 && returned.length < maxReturned) {
      const keptDays = 5 + (index % 15);
      const daysLate = Math.max(0, keptDays - rules.loanDays);
      const fineCents = Math.min(daysLate * rules.fineCentsPerDay, rules.fineCapCents);
      returned.push({
        barcode: seedBarcode(book.isbn, book.copies - 1),
        email: seedMemberEmail(returned.length % members),
        daysAgo: 40 + (index % 30),
        keptDays,
        fineCents,
        finePaid: fineCents > 0 && index % 2 === 0,
      });
    }
  });
  return { active, returned };
}

interface HoldPlan {
  readonly barcode: string;
  readonly email: string;
}

/**
 * The sample holds: two members queue for each title whose only copy is on loan (neither is its
 * borrower), and every 11th title with three or more copies has its second copy on the hold shelf for
 * a member. Titles with a seeded active loan never get a ready hold, so no holder borrows the title.
 */
export function planHolds(catalogue: readonly SeedBook[], members: number, active: readonly ActiveLoanPlan[]) {
  const ready: HoldPlan[] = [];
  const waiting: HoldPlan[] = [];
  if (members < 3) return { ready, waiting };
  const borrowers = new Map(active.map((loan) => [loan.barcode, loan.email]));
  const maxHolds = members * HOLDS_PER_MEMBER;
  let next = 0;
  const nextMember = (except?: string) => {
    let email = seedMemberEmail(next++ % members);
    if (email === except) email = seedMemberEmail(next++ % members);
    return email;
  };
  catalogue.forEach((book, index) => {
    const firstCopy = seedBarcode(book.isbn, 0);
    const borrower = borrowers.get(firstCopy);
    if (book.copies === 1 && borrower && ready.length + waiting.length + 2 <= maxHolds) {
      const first = nextMember(borrower);
      let second = nextMember(borrower);
      if (second === first) second = nextMember(borrower);
      waiting.push({ barcode: firstCopy, email: first }, { barcode: firstCopy, email: second });
    }
    if (index % 11 === 6 && book.copies >= 3 && !borrower && ready.length + waiting.length < maxHolds) {
      ready.push({ barcode: seedBarcode(book.isbn, 1), email: nextMember() });
    }
  });
  return { ready, waiting };
}

async function insertUsers(client: pg.Client, options: SeedOptions): Promise<number> {
  const hasher = new PasswordHasher();
  const [adminHash, userHash] = await Promise.all([
    hasher.hash(options.admin.password),
    // argon2 is slow by design: one hash serves every seeded account.
    hasher.hash(options.userPassword ?? randomBytes(32).toString('base64url')),
  ]);
  const members = Array.from({ length: options.members }, (_, index) => index);
  const result = await client.query(
    `INSERT INTO users (email, name, password_hash, role)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::user_role[])
     ON CONFLICT (email) DO NOTHING`,
    [
      [options.admin.email, SEED_LIBRARIAN_EMAIL, ...members.map(seedMemberEmail)],
      ['Library Administrator', 'Lena Librarian', ...members.map(memberName)],
      [adminHash, userHash, ...members.map(() => userHash)],
      ['admin', 'librarian', ...members.map(() => 'member')],
    ],
  );
  return result.rowCount ?? 0;
}

/** A seeded book that was deleted since stays deleted: the ISBN is looked for among every row. */
async function insertCatalogue(client: pg.Client, catalogue: readonly SeedBook[]): Promise<[number, number]> {
  const books = await client.query(
    `INSERT INTO books (isbn, title, author, published_year)
     SELECT t.isbn, t.title, t.author, t.published_year
     FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS t(isbn, title, author, published_year)
     WHERE NOT EXISTS (SELECT 1 FROM books b WHERE b.isbn = t.isbn)
     ON CONFLICT DO NOTHING`,
    [
      catalogue.map((book) => book.isbn),
      catalogue.map((book) => book.title),
      catalogue.map((book) => book.author),
      catalogue.map((book) => book.publishedYear),
    ],
  );
  const copies = catalogue.flatMap((book) =>
    Array.from({ length: book.copies }, (_, copy) => [book.isbn, seedBarcode(book.isbn, copy)]),
  );
  const inserted = await client.query(
    `INSERT INTO copies (book_id, barcode)
     SELECT b.id, t.barcode FROM unnest($1::text[], $2::text[]) AS t(isbn, barcode)
     JOIN books b ON b.isbn = t.isbn AND b.deleted_at IS NULL
     ON CONFLICT (barcode) DO NOTHING`,
    [copies.map(([isbn]) => isbn), copies.map(([, barcode]) => barcode)],
  );
  return [books.rowCount ?? 0, inserted.rowCount ?? 0];
}

/** A copy that has ever been lent is left alone: the seed never lends it again, even once returned. */
async function insertLoans(
  client: pg.Client,
  plan: ReturnType<typeof planLoans>,
  rules: LoanTerms,
): Promise<[number, number]> {
  const active = await client.query(
    `WITH plan AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) AS t(barcode, email, days_ago)
     ), chosen AS (
       SELECT c.id AS copy_id, c.book_id, u.id AS user_id, now() - make_interval(days => p.days_ago) AS loaned_at
       FROM plan p JOIN copies c ON c.barcode = p.barcode JOIN users u ON u.email = p.email
       WHERE c.status = 'available' AND NOT EXISTS (SELECT 1 FROM loans l WHERE l.copy_id = c.id)
       FOR UPDATE OF c
     ), lent AS (
       UPDATE copies c SET status = 'on_loan', updated_at = now() FROM chosen WHERE c.id = chosen.copy_id
     )
     INSERT INTO loans (user_id, book_id, copy_id, loaned_at, due_at)
     SELECT user_id, book_id, copy_id, loaned_at, loaned_at + make_interval(days => $4) FROM chosen`,
    [
      plan.active.map((loan) => loan.barcode),
      plan.active.map((loan) => loan.email),
      plan.active.map((loan) => loan.daysAgo),
      rules.loanDays,
    ],
  );
  const returned = await client.query(
    `WITH plan AS (
       SELECT t.*, now() - make_interval(days => t.days_ago) AS loaned_at,
              now() - make_interval(days => t.days_ago - t.kept_days) AS returned_at
       FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::bool[])
         AS t(barcode, email, days_ago, kept_days, fine_cents, fine_paid)
     )
     INSERT INTO loans (user_id, book_id, copy_id, loaned_at, due_at, returned_at, renewals, fine_cents, fine_paid_at)
     SELECT u.id, c.book_id, c.id, p.loaned_at, p.loaned_at + make_interval(days => $7), p.returned_at, 0,
            p.fine_cents, CASE WHEN p.fine_paid THEN p.returned_at END
     FROM plan p JOIN copies c ON c.barcode = p.barcode JOIN users u ON u.email = p.email
     WHERE c.status = 'available' AND NOT EXISTS (SELECT 1 FROM loans l WHERE l.copy_id = c.id)`,
    [
      plan.returned.map((loan) => loan.barcode),
      plan.returned.map((loan) => loan.email),
      plan.returned.map((loan) => loan.daysAgo),
      plan.returned.map((loan) => loan.keptDays),
      plan.returned.map((loan) => loan.fineCents),
      plan.returned.map((loan) => loan.finePaid),
      rules.loanDays,
    ],
  );
  return [active.rowCount ?? 0, returned.rowCount ?? 0];
}

/**
 * A copy that has ever been lent or set aside is never set aside again, and a member never queues twice
 * for a title, so a second run adds nothing. Waiting holds are only placed while every copy is out.
 */
async function insertHolds(client: pg.Client, plan: ReturnType<typeof planHolds>): Promise<[number, number]> {
  const ready = await client.query(
    `WITH plan AS (SELECT * FROM unnest($1::text[], $2::text[]) AS t(barcode, email)),
     chosen AS (
       SELECT c.id AS copy_id, c.book_id, u.id AS user_id
       FROM plan p JOIN copies c ON c.barcode = p.barcode JOIN users u ON u.email = p.email
       WHERE c.status = 'available'
         AND NOT EXISTS (SELECT 1 FROM loans l WHERE l.copy_id = c.id)
         AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.copy_id = c.id OR (h.user_id = u.id AND h.book_id = c.book_id))
       FOR UPDATE OF c
     ), shelved AS (
       UPDATE copies c SET status = 'on_hold_shelf', updated_at = now() FROM chosen WHERE c.id = chosen.copy_id
     )
     INSERT INTO holds (user_id, book_id, status, copy_id, ready_at, pickup_by)
     SELECT user_id, book_id, 'ready', copy_id, now(), now() + make_interval(days => $3) FROM chosen`,
    [plan.ready.map((hold) => hold.barcode), plan.ready.map((hold) => hold.email), SEED_PICKUP_DAYS],
  );
  const waiting = await client.query(
    `WITH plan AS (SELECT * FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(barcode, email, n))
     INSERT INTO holds (user_id, book_id)
     SELECT u.id, c.book_id
     FROM plan p JOIN copies c ON c.barcode = p.barcode JOIN users u ON u.email = p.email
     WHERE NOT EXISTS (SELECT 1 FROM copies o WHERE o.book_id = c.book_id AND o.status = 'available')
       AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.user_id = u.id AND h.book_id = c.book_id)
       AND NOT EXISTS (SELECT 1 FROM loans l WHERE l.user_id = u.id AND l.book_id = c.book_id AND l.returned_at IS NULL)
     ORDER BY p.n`,
    [plan.waiting.map((hold) => hold.barcode), plan.waiting.map((hold) => hold.email)],
  );
  return [ready.rowCount ?? 0, waiting.rowCount ?? 0];
}

/**
 * Sample data, idempotent: every row has a natural key (email, ISBN, barcode) and is inserted only
 * when missing, so a second run adds nothing. One transaction; concurrent runs wait for each other.
 */
export async function seed(env: NodeJS.ProcessEnv = process.env): Promise<SeedSummary> {
  const started = Date.now();
  const config = loadConfig(env, { requireJwtSecret: false });
  const options = loadSeedOptions(env);
  const catalogue = seedCatalogue(options.books);
  const client = new pg.Client({ ...connectionConfig(config.database), application_name: 'lms-seed' });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
    const users = await insertUsers(client, options);
    const [books, copies] = await insertCatalogue(client, catalogue);
    const loanPlan = planLoans(catalogue, options.members);
    const [activeLoans, returnedLoans] = await insertLoans(client, loanPlan, DEFAULT_LOAN_TERMS);
    const [readyHolds, waitingHolds] = await insertHolds(
      client,
      planHolds(catalogue, options.members, loanPlan.active),
    );
    await client.query('COMMIT');
    if (users + books + copies + activeLoans + returnedLoans + readyHolds + waitingHolds > 0) {
      // Fresh statistics (and GIN metapage counts) at once, rather than whenever autovacuum comes by:
      // without them the planner prices a prefix search through books_search_idx as a full index read.
      await client.query('VACUUM (ANALYZE) users, books, copies, loans, holds');
    }
    const [totals] = (
      await client.query(
        `SELECT (SELECT count(*)::int FROM users) AS users,
                (SELECT count(*)::int FROM books WHERE deleted_at IS NULL) AS books,
                (SELECT count(*)::int FROM copies) AS copies,
                (SELECT count(*)::int FROM loans WHERE returned_at IS NULL) AS "activeLoans",
                (SELECT count(*)::int FROM loans) AS loans,
                (SELECT count(*)::int FROM holds WHERE status IN ('waiting', 'ready')) AS holds`,
      )
    ).rows;
    return {
      inserted: { users, books, copies, activeLoans, returnedLoans, readyHolds, waitingHolds },
      totals,
      accounts: {
        admin: options.admin.email,
        librarian: SEED_LIBRARIAN_EMAIL,
        members: options.members > 0 ? `${seedMemberEmail(0)} … ${seedMemberEmail(options.members - 1)}` : 'none',
        ...(options.userPassword === DEV_SEED_USER_PASSWORD ? { developmentPassword: DEV_SEED_USER_PASSWORD } : {}),
      },
      durationMs: Date.now() - started,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

if (isMainModule(import.meta.url)) {
  seed()
    .then((summary) => console.log(JSON.stringify({ level: 'info', msg: 'seed applied', ...summary })))
    .catch((error: unknown) => {
      if (error instanceof ConfigError) console.error(error.message);
      else console.error(JSON.stringify({ level: 'error', msg: 'seed failed', error: String(error) }));
      process.exit(1);
    });
}
