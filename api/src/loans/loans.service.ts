import { Inject, Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { DataSource, type QueryRunner } from 'typeorm';
import { hasRole, type AuthUser } from '../auth/roles.js';
import { isUniqueViolation } from '../common/database-errors.js';
import { pageOf, type Page } from '../common/pagination.js';
import { badRequest, conflict, forbidden, notFound, ProblemError } from '../common/problem.js';
import type { AppConfig, LoanRules } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { LOAN_OPERATIONS } from '../observability/metric-names.js';
import type { CheckoutDto } from './dto/checkout.dto.js';
import type { LoanListQuery } from './dto/loan-list.query.js';
import { fineCents } from './fines.js';
import { LOAN_COLUMNS, LoanView, type LoanRow, type LoanStatus } from './loan.view.js';

export type LoanOperation = 'checkout' | 'return' | 'renew' | 'pay_fine';

/**
 * Run under the borrower's row lock, in a statement of its own so that its snapshot (taken after the
 * lock) sees every committed loan: reads the borrower's standing (active loans, unpaid fines) and, only
 * if both are under the limits, marks one available copy on loan and inserts the loan. The copy row is
 * locked (`FOR UPDATE`) so two checkouts never take the same copy. A book's soft delete locks all its
 * copies before it looks for loans, so it either waits for this loan (and is refused) or withdraws the
 * copies first (and this finds none). `loans_one_active_per_copy` stays the last line of defence.
 * Parameters: $1 borrower, $2 book or copy, $3 loan period in days, $4 loan limit, $5 fine threshold.
 */
const lendSql = (copyFilter: string, lockWait: string) => `
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
const LEND_ANY_COPY = lendSql('c.book_id = $2', 'SKIP LOCKED');
/** That copy: waits for a concurrent change of it, then sees whether it is still available. */
const LEND_THAT_COPY = lendSql('c.id = $2', '');

const STATUS_FILTERS: Record<LoanStatus, string> = {
  active: 'returned_at IS NULL AND due_at >= now()',
  overdue: 'returned_at IS NULL AND due_at < now()',
  returned: 'returned_at IS NOT NULL',
};

const loanNotFound = () => notFound('LOAN_NOT_FOUND', 'No loan with this id.');
const alreadyReturned = () => conflict('LOAN_ALREADY_RETURNED', 'This loan has already been returned.');

@Injectable()
export class LoansService {
  private readonly rules: LoanRules;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectMetric(LOAN_OPERATIONS) private readonly operations: Counter<string>,
  ) {
    this.rules = config.loans;
  }

  /** One transaction of two statements: lock the borrower, then check the standing and lend (`lendSql`). */
  checkout(caller: AuthUser, input: CheckoutDto): Promise<LoanView> {
    return this.track('checkout', async () => {
      // `null` counts as absent: class-validator's @IsOptional lets it through.
      if ((input.bookId == null) === (input.copyId == null)) {
        throw badRequest('VALIDATION_FAILED', 'Send either bookId or copyId.', [
          { field: input.bookId ? 'copyId' : 'bookId', message: 'exactly one of bookId and copyId is required' },
        ]);
      }
      const borrowerId = input.userId ?? caller.id;
      if (borrowerId !== caller.id && !hasRole(caller.role, 'librarian')) {
        throw forbidden('FORBIDDEN', 'Only a librarian may lend to another user.');
      }
      try {
        const loan = await this.dataSource.transaction(async ({ queryRunner }) => {
          const runner = queryRunner!;
          await this.lockBorrower(runner, borrowerId);
          const { maxActiveLoans, fineBlockThresholdCents } = this.rules;
          const [result] = await this.rows<LoanRow & { activeLoans: number; unpaidFineCents: number }>(
            input.copyId ? LEND_THAT_COPY : LEND_ANY_COPY,
            [
              borrowerId,
              input.copyId ?? input.bookId,
              this.rules.loanPeriodDays,
              maxActiveLoans,
              fineBlockThresholdCents,
            ],
            runner,
          );
          if (result.unpaidFineCents >= fineBlockThresholdCents) {
            throw forbidden(
              'FINES_OUTSTANDING',
              `Unpaid fines of ${result.unpaidFineCents} cents must be paid before borrowing.`,
            );
          }
          if (result.activeLoans >= maxActiveLoans) {
            throw conflict('LOAN_LIMIT_REACHED', `A member may have at most ${maxActiveLoans} active loans.`);
          }
          if (result.id === null) throw await this.whyNothingToLend(runner, input);
          return result;
        });
        return LoanView.of(loan);
      } catch (error) {
        if (isUniqueViolation(error, 'loans_one_active_per_copy')) throw unavailable(input);
        throw error;
      }
    });
  }

  /**
   * Reads the loan, computes the fine, then returns it and frees its copy in one conditional statement
   * that only applies if the loan is still out and was not renewed since the read: a concurrent return
   * makes it match nothing (409), a concurrent renewal makes it compute the fine again.
   */
  returnLoan(caller: AuthUser, id: string): Promise<LoanView> {
    return this.track('return', async () => {
      for (let attempt = 0; attempt <= this.rules.maxRenewals + 1; attempt++) {
        const [loan] = await this.rows<LoanRow & { readAt: Date }>(
          `SELECT ${LOAN_COLUMNS}, clock_timestamp() AS "readAt" FROM loans WHERE id = $1`,
          [id],
        );
        if (!loan || !mayAccess(caller, loan)) throw loanNotFound();
        if (loan.returnedAt) throw alreadyReturned();
        const [returned] = await this.rows<LoanRow>(
          `WITH returned AS (
             UPDATE loans SET returned_at = $2, fine_cents = $3
             WHERE id = $1 AND returned_at IS NULL AND renewals = $4
             RETURNING *),
           freed AS (
             UPDATE copies SET status = 'available', updated_at = now()
             WHERE id = (SELECT copy_id FROM returned) AND status = 'on_loan')
           SELECT ${LOAN_COLUMNS} FROM returned`,
          [id, loan.readAt, fineCents(loan.dueAt, loan.readAt, this.rules), loan.renewals],
        );
        if (returned) return LoanView.of(returned);
      }
      throw alreadyReturned();
    });
  }

  /**
   * One conditional update carries every rule, so of simultaneous renewals and returns each sees what
   * the others committed. Only when it matches nothing is the loan read to say why.
   */
  renew(caller: AuthUser, id: string): Promise<LoanView> {
    return this.track('renew', async () => {
      const [renewed] = await this.rows<LoanRow>(
        `UPDATE loans SET due_at = due_at + make_interval(days => $2), renewals = renewals + 1
         WHERE id = $1 AND returned_at IS NULL AND due_at >= now() AND renewals < $3
           AND (user_id = $4 OR $5)
         RETURNING ${LOAN_COLUMNS}`,
        [id, this.rules.loanPeriodDays, this.rules.maxRenewals, caller.id, hasRole(caller.role, 'librarian')],
      );
      if (renewed) return LoanView.of(renewed);
      const [loan] = await this.rows<LoanRow>(`SELECT ${LOAN_COLUMNS} FROM loans WHERE id = $1`, [id]);
      if (!loan || !mayAccess(caller, loan)) throw loanNotFound();
      if (loan.returnedAt) throw alreadyReturned();
      if (loan.status === 'overdue') {
        throw conflict('LOAN_OVERDUE', 'An overdue loan cannot be renewed; return the copy instead.');
      }
      throw conflict('RENEWAL_LIMIT_REACHED', `A loan can be renewed at most ${this.rules.maxRenewals} times.`);
    });
  }

  /** A conditional update: of two simultaneous payments, one succeeds and the other finds nothing due. */
  payFine(id: string): Promise<LoanView> {
    return this.track('pay_fine', async () => {
      const [paid] = await this.rows<LoanRow>(
        `UPDATE loans SET fine_paid_at = now()
         WHERE id = $1 AND fine_cents > 0 AND fine_paid_at IS NULL
         RETURNING ${LOAN_COLUMNS}`,
        [id],
      );
      if (paid) return LoanView.of(paid);
      const [exists] = await this.rows(`SELECT 1 FROM loans WHERE id = $1`, [id]);
      if (!exists) throw loanNotFound();
      throw conflict('NO_FINE_DUE', 'This loan has no unpaid fine.');
    });
  }

  async findOne(caller: AuthUser, id: string): Promise<LoanView> {
    const [loan] = await this.rows<LoanRow>(`SELECT ${LOAN_COLUMNS} FROM loans WHERE id = $1`, [id]);
    if (!loan || !mayAccess(caller, loan)) throw loanNotFound();
    return LoanView.of(loan);
  }

  /** Newest first. A member lists only their own loans. */
  async list(caller: AuthUser, query: LoanListQuery): Promise<Page<LoanView>> {
    const librarian = hasRole(caller.role, 'librarian');
    if (!librarian && query.userId !== undefined && query.userId !== caller.id) {
      throw forbidden('FORBIDDEN', 'A member can only list their own loans.');
    }
    const userId = librarian ? query.userId : caller.id;
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (userId !== undefined) {
      params.push(userId);
      conditions.push(`user_id = $${params.length}`);
    }
    if (query.status) conditions.push(STATUS_FILTERS[query.status]);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const [items, [{ total }]] = await Promise.all([
      this.rows<LoanRow>(
        `SELECT ${LOAN_COLUMNS} FROM loans ${where}
         ORDER BY loaned_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, query.limit, query.offset],
      ),
      this.rows<{ total: number }>(`SELECT count(*)::int AS total FROM loans ${where}`, params),
    ]);
    return pageOf(items.map(LoanView.of), total, query);
  }

  /**
   * Locks the borrower's row: one member's checkouts run one after the other on every replica (a
   * suspension waits too). `NO KEY UPDATE` is enough for that and leaves foreign-key checks unblocked.
   */
  private async lockBorrower(runner: QueryRunner, userId: string): Promise<void> {
    const [user] = await this.rows<{ status: string }>(
      `SELECT status FROM users WHERE id = $1 FOR NO KEY UPDATE`,
      [userId],
      runner,
    );
    if (!user) throw notFound('USER_NOT_FOUND', 'No user with this id.');
    if (user.status === 'suspended') throw forbidden('MEMBER_SUSPENDED', 'A suspended member cannot borrow.');
  }

  /** Nothing was lent: tell an unknown (or deleted) book or copy from one that is not free. */
  private async whyNothingToLend(runner: QueryRunner, input: CheckoutDto): Promise<ProblemError> {
    if (input.copyId) {
      const [copy] = await this.rows(
        `SELECT 1 FROM copies c JOIN books b ON b.id = c.book_id WHERE c.id = $1 AND b.deleted_at IS NULL`,
        [input.copyId],
        runner,
      );
      return copy ? unavailable(input) : notFound('COPY_NOT_FOUND', 'No copy with this id.');
    }
    const [book] = await this.rows(`SELECT 1 FROM books WHERE id = $1 AND deleted_at IS NULL`, [input.bookId], runner);
    return book ? unavailable(input) : notFound('BOOK_NOT_FOUND', 'No book with this id.');
  }

  /** Raw SQL through TypeORM's query runner; rows whatever the statement (UPDATE included). */
  private async rows<T = Record<string, unknown>>(text: string, params: unknown[], runner?: QueryRunner): Promise<T[]> {
    const own = runner ?? this.dataSource.createQueryRunner();
    try {
      return (await own.query(text, params, true)).records as T[];
    } finally {
      if (!runner) await own.release();
    }
  }

  private async track<T>(operation: LoanOperation, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      this.operations.inc({ operation, outcome: 'success' });
      return result;
    } catch (error) {
      const rejected = error instanceof ProblemError && error.status < 500;
      this.operations.inc({ operation, outcome: rejected ? 'rejected' : 'error' });
      throw error;
    }
  }
}

/** The borrower and librarians see a loan; to anyone else it does not exist. */
function mayAccess(caller: AuthUser, loan: LoanRow): boolean {
  return loan.userId === caller.id || hasRole(caller.role, 'librarian');
}

function unavailable(input: CheckoutDto): ProblemError {
  return input.copyId
    ? conflict('COPY_NOT_AVAILABLE', 'This copy is not available.')
    : conflict('NO_COPY_AVAILABLE', 'No copy of this book is available.');
}
