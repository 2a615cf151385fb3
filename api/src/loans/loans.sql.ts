import type { CirculationRuleView } from '../circulation-rules/circulation-rule.view.js';
import type { ItemType, PatronCategory } from '../circulation-rules/circulation-terms.js';
import type { SqlStatement } from '../database/sql.js';
import type { LoanRow, LoanStatus } from './loan.view.js';

/** The columns of `LoanRow`, with the status computed against the database clock. */
const LOAN_COLUMNS = `id, user_id AS "userId", book_id AS "bookId", copy_id AS "copyId",
  loaned_at AS "loanedAt", due_at AS "dueAt", returned_at AS "returnedAt", renewals,
  fine_cents AS "fineCents", fine_paid_at AS "finePaidAt",
  loan_days AS "loanDays", max_renewals AS "maxRenewals",
  fine_cents_per_day AS "fineCentsPerDay", fine_cap_cents AS "fineCapCents",
  CASE WHEN returned_at IS NOT NULL THEN 'returned' WHEN due_at < now() THEN 'overdue' ELSE 'active' END AS status`;

/**
 * Locks the borrower's row: one member's checkouts (and holds) run one after the other on every
 * replica (a suspension waits too). `NO KEY UPDATE` is enough for that and leaves foreign-key checks
 * unblocked.
 */
export function lockBorrowerStatement(
  userId: string,
): SqlStatement<{ readonly status: string; readonly category: PatronCategory }> {
  return { text: `SELECT status, category FROM users WHERE id = $1 FOR NO KEY UPDATE`, values: [userId] };
}

/**
 * Read after the borrower's lock, in a statement of its own so that its snapshot (taken after the
 * lock) sees every loan the borrower's previous requests committed.
 */
export function unpaidFinesStatement(userId: string): SqlStatement<{ readonly unpaidFineCents: number }> {
  return {
    text: `SELECT coalesce(sum(fine_cents), 0)::int AS "unpaidFineCents" FROM loans
           WHERE user_id = $1 AND fine_cents > 0 AND fine_paid_at IS NULL`,
    values: [userId],
  };
}

/** The borrower's loans out, of one item type (an item-type rule) or of all (a `*` rule). */
export function activeLoansStatement(
  userId: string,
  itemType: ItemType | null,
): SqlStatement<{ readonly count: number }> {
  return {
    text: `SELECT count(*)::int AS count FROM loans l
           WHERE l.user_id = $1 AND l.returned_at IS NULL
             AND ($2::item_type IS NULL OR (SELECT item_type FROM copies WHERE id = l.copy_id) = $2::item_type)`,
    values: [userId, itemType],
  };
}

/** A copy as a checkout considers it. */
export interface CopyToLend {
  readonly id: string;
  readonly bookId: string;
  readonly status: string;
  readonly itemType: ItemType;
}

const COPY_TO_LEND = `c.id, c.book_id AS "bookId", c.status, c.item_type AS "itemType"`;

/** The title of a copy of a book that is not deleted (read before the title's queue lock is taken). */
export function copyTitleStatement(copyId: string): SqlStatement<{ readonly bookId: string }> {
  return {
    text: `SELECT c.book_id AS "bookId" FROM copies c JOIN books b ON b.id = c.book_id
           WHERE c.id = $1 AND b.deleted_at IS NULL`,
    values: [copyId],
  };
}

/** A row when the book exists and is not deleted. */
export function lendableBookStatement(bookId: string): SqlStatement {
  return { text: `SELECT 1 FROM books WHERE id = $1 AND deleted_at IS NULL`, values: [bookId] };
}

/**
 * That copy, locked: a concurrent change of it (a checkout, a librarian's status change) is waited
 * for, then the copy is seen as it is.
 */
export function lockCopyToLendStatement(copyId: string): SqlStatement<CopyToLend> {
  return { text: `SELECT ${COPY_TO_LEND} FROM copies c WHERE c.id = $1 FOR UPDATE OF c`, values: [copyId] };
}

/**
 * Any copy of the title on the shelf that the borrower's category may borrow, locked. Copies on the
 * hold shelf are never taken; a copy another transaction is locking is skipped, not waited for.
 */
export function lockShelvedCopyStatement(bookId: string, category: PatronCategory): SqlStatement<CopyToLend> {
  return {
    text: `SELECT ${COPY_TO_LEND} FROM copies c CROSS JOIN LATERAL circulation_rule($2, c.item_type) r
           WHERE c.book_id = $1 AND c.status = 'available' AND r.loanable
           ORDER BY c.created_at, c.id LIMIT 1
           FOR UPDATE OF c SKIP LOCKED`,
    values: [bookId, category],
  };
}

/** Copies of the title on the shelf that the borrower's category may not borrow (reference works). */
export function unloanableShelvedCopiesStatement(
  bookId: string,
  category: PatronCategory,
): SqlStatement<{ readonly count: number }> {
  return {
    text: `SELECT count(*)::int AS count FROM copies c CROSS JOIN LATERAL circulation_rule($2, c.item_type) r
           WHERE c.book_id = $1 AND c.status = 'available' AND NOT r.loanable`,
    values: [bookId, category],
  };
}

/** The terms a loan keeps for its whole life: those of the rule in force at checkout. */
export type LoanTerms = Pick<CirculationRuleView, 'loanDays' | 'maxRenewals' | 'fineCentsPerDay' | 'fineCapCents'>;

/**
 * Lends the copy (locked by the caller, available or on the hold shelf for the borrower) with the
 * terms of the rule in force. `loans_one_active_per_copy` stays the last line of defence.
 */
export function lendCopyStatement(userId: string, copyId: string, terms: LoanTerms): SqlStatement<LoanRow> {
  return {
    text: `WITH lent AS (
             UPDATE copies SET status = 'on_loan', updated_at = now()
             WHERE id = $2 AND status IN ('available', 'on_hold_shelf')
             RETURNING id, book_id)
           INSERT INTO loans (user_id, book_id, copy_id, loaned_at, due_at, loan_days, max_renewals,
                              fine_cents_per_day, fine_cap_cents)
           SELECT $1::uuid, book_id, id, now(), now() + make_interval(days => $3), $3, $4, $5, $6 FROM lent
           RETURNING ${LOAN_COLUMNS}`,
    values: [userId, copyId, terms.loanDays, terms.maxRenewals, terms.fineCentsPerDay, terms.fineCapCents],
  };
}

export function loanByIdStatement(id: string): SqlStatement<LoanRow> {
  return { text: `SELECT ${LOAN_COLUMNS} FROM loans WHERE id = $1`, values: [id] };
}

/** The loan with the database clock at the read, which the fine is computed against. */
export function loanToReturnStatement(id: string): SqlStatement<LoanRow & { readonly readAt: Date }> {
  return { text: `SELECT ${LOAN_COLUMNS}, clock_timestamp() AS "readAt" FROM loans WHERE id = $1`, values: [id] };
}

/** What a return writes, computed from the loan as `loanToReturnStatement` read it. */
export interface LoanReturn {
  readonly returnedAt: Date;
  readonly fineCents: number;
  /** The renewals the read saw: a renewal since then makes the return match nothing. */
  readonly renewals: number;
}

/**
 * Returns the loan, only if it is still out and was not renewed since the read. Its copy stays on loan
 * until the holds queue says where it goes (`HoldQueue.passCopyOn`, in the same transaction).
 */
export function returnLoanStatement(id: string, loanReturn: LoanReturn): SqlStatement<LoanRow> {
  return {
    text: `UPDATE loans SET returned_at = $2, fine_cents = $3
           WHERE id = $1 AND returned_at IS NULL AND renewals = $4
           RETURNING ${LOAN_COLUMNS}`,
    values: [id, loanReturn.returnedAt, loanReturn.fineCents, loanReturn.renewals],
  };
}

/** Who renews: the borrower, or a librarian who may renew any loan. */
export interface Renewer {
  readonly userId: string;
  readonly isLibrarian: boolean;
}

/**
 * Extends a loan that is out, not overdue and under its own renewal limit, by its own loan period (the
 * terms of its checkout), for its borrower or a librarian, while nobody waits for its title.
 */
export function renewLoanStatement(id: string, renewer: Renewer): SqlStatement<LoanRow> {
  return {
    text: `UPDATE loans SET due_at = due_at + make_interval(days => loan_days), renewals = renewals + 1
           WHERE id = $1 AND returned_at IS NULL AND due_at >= now() AND renewals < max_renewals
             AND (user_id = $2 OR $3)
             AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.book_id = loans.book_id AND h.status = 'waiting')
           RETURNING ${LOAN_COLUMNS}`,
    values: [id, renewer.userId, renewer.isLibrarian],
  };
}

/** Marks an unpaid fine paid; no row when there is none. */
export function payFineStatement(id: string): SqlStatement<LoanRow> {
  return {
    text: `UPDATE loans SET fine_paid_at = now()
           WHERE id = $1 AND fine_cents > 0 AND fine_paid_at IS NULL
           RETURNING ${LOAN_COLUMNS}`,
    values: [id],
  };
}

export interface LoanFilters {
  /** Only this borrower's loans. */
  readonly userId?: string;
  readonly status?: LoanStatus;
}

const STATUS_CONDITIONS: Readonly<Record<LoanStatus, string>> = {
  active: 'returned_at IS NULL AND due_at >= now()',
  overdue: 'returned_at IS NULL AND due_at < now()',
  returned: 'returned_at IS NOT NULL',
};

function whereClause(filters: LoanFilters, values: unknown[]): string {
  const conditions: string[] = [];
  if (filters.userId !== undefined) {
    values.push(filters.userId);
    conditions.push(`user_id = $${values.length}`);
  }
  if (filters.status) conditions.push(STATUS_CONDITIONS[filters.status]);
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

/** One page of loans, newest first. */
export function loanPageStatement(filters: LoanFilters, limit: number, offset: number): SqlStatement<LoanRow> {
  const values: unknown[] = [];
  const where = whereClause(filters, values);
  values.push(limit, offset);
  return {
    text: `SELECT ${LOAN_COLUMNS} FROM loans ${where}
           ORDER BY loaned_at DESC, id DESC LIMIT $${values.length - 1} OFFSET $${values.length}`,
    values,
  };
}

export function loanCountStatement(filters: LoanFilters): SqlStatement<{ readonly total: number }> {
  const values: unknown[] = [];
  const where = whereClause(filters, values);
  return { text: `SELECT count(*)::int AS total FROM loans ${where}`, values };
}
