import { Inject, Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';
import { hasRole, type AuthUser } from '../auth/roles.js';
import { isUniqueViolation } from '../common/database-errors.js';
import { pageOf, type Page } from '../common/pagination.js';
import { conflict, forbidden, notFound, ProblemError } from '../common/problem.js';
import type { AppConfig, LoanRules } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { queryFirstRow, queryRows } from '../database/sql.js';
import { LOAN_OPERATIONS } from '../observability/metric-names.js';
import type { CheckoutDto } from './dto/checkout.dto.js';
import type { LoanListQuery } from './dto/loan-list.query.js';
import { fineCents } from './fines.js';
import { LoanView, type LoanRow } from './loan.view.js';
import {
  lendableBookStatement,
  lendableCopyStatement,
  lendStatement,
  loanByIdStatement,
  loanCountStatement,
  loanPageStatement,
  loanToReturnStatement,
  lockBorrowerStatement,
  payFineStatement,
  renewLoanStatement,
  returnLoanStatement,
} from './loans.sql.js';

export type LoanOperation = 'checkout' | 'return' | 'renew' | 'pay_fine';

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

  /** One transaction of two statements: lock the borrower, then check the standing and lend (`lendStatement`). */
  checkout(caller: AuthUser, input: CheckoutDto): Promise<LoanView> {
    return this.track('checkout', async () => {
      const borrowerId = input.userId ?? caller.id;
      if (borrowerId !== caller.id && !hasRole(caller.role, 'librarian')) {
        throw forbidden('FORBIDDEN', 'Only a librarian may lend to another user.');
      }
      try {
        const loan = await this.dataSource.transaction(async (manager) => {
          await this.lockBorrower(manager, borrowerId);
          const { maxActiveLoans, fineBlockThresholdCents } = this.rules;
          const [result] = await queryRows(manager, lendStatement(borrowerId, input, this.rules));
          if (result.unpaidFineCents >= fineBlockThresholdCents) {
            throw forbidden(
              'FINES_OUTSTANDING',
              `Unpaid fines of ${result.unpaidFineCents} cents must be paid before borrowing.`,
            );
          }
          if (result.activeLoans >= maxActiveLoans) {
            throw conflict('LOAN_LIMIT_REACHED', `A member may have at most ${maxActiveLoans} active loans.`);
          }
          if (result.id === null) throw await this.whyNothingToLend(manager, input);
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
        const loan = await queryFirstRow(this.dataSource, loanToReturnStatement(id));
        if (!loan || !mayAccess(caller, loan)) throw loanNotFound();
        if (loan.returnedAt) throw alreadyReturned();
        const returned = await queryFirstRow(
          this.dataSource,
          returnLoanStatement(id, {
            returnedAt: loan.readAt,
            fineCents: fineCents(loan.dueAt, loan.readAt, this.rules),
            renewals: loan.renewals,
          }),
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
      const renewer = { userId: caller.id, isLibrarian: hasRole(caller.role, 'librarian') };
      const renewed = await queryFirstRow(this.dataSource, renewLoanStatement(id, renewer, this.rules));
      if (renewed) return LoanView.of(renewed);
      const loan = await queryFirstRow(this.dataSource, loanByIdStatement(id));
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
      const paid = await queryFirstRow(this.dataSource, payFineStatement(id));
      if (paid) return LoanView.of(paid);
      if (!(await queryFirstRow(this.dataSource, loanByIdStatement(id)))) throw loanNotFound();
      throw conflict('NO_FINE_DUE', 'This loan has no unpaid fine.');
    });
  }

  async findOne(caller: AuthUser, id: string): Promise<LoanView> {
    const loan = await queryFirstRow(this.dataSource, loanByIdStatement(id));
    if (!loan || !mayAccess(caller, loan)) throw loanNotFound();
    return LoanView.of(loan);
  }

  /** Newest first. A member lists only their own loans. */
  async list(caller: AuthUser, query: LoanListQuery): Promise<Page<LoanView>> {
    const librarian = hasRole(caller.role, 'librarian');
    if (!librarian && query.userId !== undefined && query.userId !== caller.id) {
      throw forbidden('FORBIDDEN', 'A member can only list their own loans.');
    }
    const filters = { userId: librarian ? query.userId : caller.id, status: query.status };
    const [items, [{ total }]] = await Promise.all([
      queryRows(this.dataSource, loanPageStatement(filters, query.limit, query.offset)),
      queryRows(this.dataSource, loanCountStatement(filters)),
    ]);
    return pageOf(items.map(LoanView.of), total, query);
  }

  /** Locks the borrower (`lockBorrowerStatement`) and refuses an unknown or suspended one. */
  private async lockBorrower(manager: EntityManager, userId: string): Promise<void> {
    const user = await queryFirstRow(manager, lockBorrowerStatement(userId));
    if (!user) throw notFound('USER_NOT_FOUND', 'No user with this id.');
    if (user.status === 'suspended') throw forbidden('MEMBER_SUSPENDED', 'A suspended member cannot borrow.');
  }

  /** Nothing was lent: tell an unknown (or deleted) book or copy from one that is not free. */
  private async whyNothingToLend(manager: EntityManager, input: CheckoutDto): Promise<ProblemError> {
    if (input.copyId) {
      const copy = await queryFirstRow(manager, lendableCopyStatement(input.copyId));
      return copy ? unavailable(input) : notFound('COPY_NOT_FOUND', 'No copy with this id.');
    }
    const book = await queryFirstRow(manager, lendableBookStatement(input.bookId!));
    return book ? unavailable(input) : notFound('BOOK_NOT_FOUND', 'No book with this id.');
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
