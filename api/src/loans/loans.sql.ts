import type { LoanRules } from '../config/app-config.js';
import type { SqlStatement } from '../database/sql.js';
import type { LoanRow, LoanStatus } from './loan.view.js';

/** The columns of `LoanRow`, with the status computed against the database clock. */
const LOAN_COLUMNS = `id, user_id AS "userId", book_id AS "bookId", copy_id AS "copyId",
  loaned_at AS "loanedAt", due_at AS "dueAt", returned_at AS "returnedAt", renewals,
  fine_cents AS "fineCents", fine_paid_at AS "finePaidAt",
  CASE WHEN returned_at IS NOT NULL THEN 'returned' WHEN due_at < now() THEN 'overdue' ELSE 'active' END AS status`;

/**
 * Run under the borrower's row lock, in a statement of its own so that its snapshot (taken after the
 * lock) sees every committed loan: reads the borrower's standing (active loans, unpaid fines) and, only
 * if both are under the limits, marks one available copy on loan and inserts the loan. The copy row is
 * locked (`FOR UPDATE`) so two checkouts never take the same copy. A book's soft delete locks all its
 * copies before it looks for loans, so it either waits for this loan (and is refused) or withdraws the
 * copies first (and this finds none). `loans_one_active_per_copy` stays the last line of defence.
 * Parameters: $1 borrower, $2 book or copy, $3 loan period in days, $4 loan limit, $5 fine threshold.
 */
const lendText = (copyFilter: string, lockWait: string) => `
  WITH standing AS (
    SELECT (SELECT count(*) FROM loans WHERE user_id = $1 AND returned_at IS NULL)::int AS active,
           (SELECT coalesce(sum(fine_cents), 0) FROM loans
             WHERE user_id = $1 AND fine_cents > 0 AND fine_paid_at IS NULL)::int AS unpaid),
  picked AS (
    UPDATE copies SET status = 'on_loan', updated_at = now()
    WHERE status = 'available' AND id = (
      SELECT c.id FROM copies c JOIN books b ON b.id = c.book_id
      WHERE ${copyFilter} AND c.status = 'available' AND b.deleted_at IS NULL
        AND (SELECT active < $4 AND unpaid < $5 FROM standing)
      LIMIT 1
      FOR UPDATE OF c ${lockWait})
    RETURNING id, book_id),
  lent AS (
    INSERT INTO loans (user_id, book_id, copy_id, loaned_at, due_at)
    SELECT $1::uuid, book_id, id, now(), now() + make_interval(days => $3) FROM picked
    RETURNING *)
  SELECT standing.active AS "activeLoans", standing.unpaid AS "unpaidFineCents", ${LOAN_COLUMNS}
  FROM standing LEFT JOIN lent ON true`;

/** Any free copy of the book: copies another checkout is taking right now are skipped, not waited for. */
const LEND_ANY_COPY = lendText('c.book_id = $2', 'SKIP LOCKED');
/** That copy: waits for a concurrent change of it, then sees whether it is still available. */
const LEND_THAT_COPY = lendText('c.id = $2', '');

/** What a checkout asks for: exactly one of `bookId` (any free copy) and `copyId` (that copy), as `CheckoutDto` checks. */
export interface LendTarget {
  readonly bookId?: string | null;
  readonly copyId?: string | null;
}

/** The borrower's standing, and the loan when one was made (its columns are null when none was). */
export type LendRow = LoanRow & { readonly activeLoans: number; readonly unpaidFineCents: number };

/** Lends a copy when the borrower's standing allows it (see `lendText`). */
export function lendStatement(
  borrowerId: string,
  target: LendTarget,
  rules: Pick<LoanRules, 'loanPeriodDays' | 'maxActiveLoans' | 'fineBlockThresholdCents'>,
): SqlStatement<LendRow> {
  return {
    text: target.copyId ? LEND_THAT_COPY : LEND_ANY_COPY,
    values: [
      borrowerId,
      target.copyId ?? target.bookId,
      rules.loanPeriodDays,
      rules.maxActiveLoans,
      rules.fineBlockThresholdCents,
    ],
  };
}

/**
 * Locks the borrower's row: one member's checkouts run one after the other on every replica (a
 * suspension waits too). `NO KEY UPDATE` is enough for that and leaves foreign-key checks unblocked.
 */
export function lockBorrowerStatement(userId: string): SqlStatement<{ readonly status: string }> {
  return { text: `SELECT status FROM users WHERE id = $1 FOR NO KEY UPDATE`, values: [userId] };
}

/** A row when the copy exists and its book is not deleted. */
export function lendableCopyStatement(copyId: string): SqlStatement {
  return {
    text: `SELECT 1 FROM copies c JOIN books b ON b.id = c.book_id WHERE c.id = $1 AND b.deleted_at IS NULL`,
    values: [copyId],
  };
}

/** A row when the book exists and is not deleted. */
export function lendableBookStatement(bookId: string): SqlStatement {
  return { text: `SELECT 1 FROM books WHERE id = $1 AND deleted_at IS NULL`, values: [bookId] };
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

/** Returns the loan and frees its copy, only if the loan is still out and was not renewed since the read. */
export function returnLoanStatement(id: string, loanReturn: LoanReturn): SqlStatement<LoanRow> {
  return {
    text: `WITH returned AS (
             UPDATE loans SET returned_at = $2, fine_cents = $3
             WHERE id = $1 AND returned_at IS NULL AND renewals = $4
             RETURNING *),
           freed AS (
             UPDATE copies SET status = 'available', updated_at = now()
             WHERE id = (SELECT copy_id FROM returned) AND status = 'on_loan')
           SELECT ${LOAN_COLUMNS} FROM returned`,
    values: [id, loanReturn.returnedAt, loanReturn.fineCents, loanReturn.renewals],
  };
}

/** Who renews: the borrower, or a librarian who may renew any loan. */
export interface Renewer {
  readonly userId: string;
  readonly isLibrarian: boolean;
}

/** Extends a loan that is out, not overdue and under the renewal limit, for its borrower or a librarian. */
export function renewLoanStatement(
  id: string,
  renewer: Renewer,
  rules: Pick<LoanRules, 'loanPeriodDays' | 'maxRenewals'>,
): SqlStatement<LoanRow> {
  return {
    text: `UPDATE loans SET due_at = due_at + make_interval(days => $2), renewals = renewals + 1
           WHERE id = $1 AND returned_at IS NULL AND due_at >= now() AND renewals < $3
             AND (user_id = $4 OR $5)
           RETURNING ${LOAN_COLUMNS}`,
    values: [id, rules.loanPeriodDays, rules.maxRenewals, renewer.userId, renewer.isLibrarian],
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
