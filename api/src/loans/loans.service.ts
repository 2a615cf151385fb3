import { Inject, Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';
import { hasRole, type AuthUser } from '../auth/roles.js';
import { CirculationRulesService } from '../circulation-rules/circulation-rules.service.js';
import type { PatronCategory } from '../circulation-rules/circulation-terms.js';
import { isUniqueViolation } from '../common/database-errors.js';
import { pageOf, type Page } from '../common/pagination.js';
import { conflict, forbidden, notFound, ProblemError } from '../common/problem.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { queryFirstRow, queryRows } from '../database/sql.js';
import { HoldQueue } from '../holds/hold-queue.js';
import { LOAN_OPERATIONS } from '../observability/metric-names.js';
import { recordOutcome } from '../observability/operation-outcome.js';
import type { CheckoutDto } from './dto/checkout.dto.js';
import type { LoanListQuery } from './dto/loan-list.query.js';
import { fineCents } from './fines.js';
import { LoanView, type LoanRow } from './loan.view.js';
import {
  activeLoansStatement,
  copyTitleStatement,
  lendableBookStatement,
  lendCopyStatement,
  loanByIdStatement,
  loanCountStatement,
  loanPageStatement,
  loanToReturnStatement,
  lockBorrowerStatement,
  lockCopyToLendStatement,
  lockShelvedCopyStatement,
  payFineStatement,
  renewLoanStatement,
  returnLoanStatement,
  unloanableShelvedCopiesStatement,
  unpaidFinesStatement,
  type CopyToLend,
} from './loans.sql.js';

export type LoanOperation = 'checkout' | 'return' | 'renew' | 'pay_fine';

/** Renewals a return may race with: the most any rule allows, and one more. */
const RETURN_ATTEMPTS = 22;

const loanNotFound = () => notFound('LOAN_NOT_FOUND', 'No loan with this id.');
const alreadyReturned = () => conflict('LOAN_ALREADY_RETURNED', 'This loan has already been returned.');
const copyReserved = () =>
  conflict('COPY_RESERVED', 'This copy is on the hold shelf for another member; only they can borrow it.');
const notLoanable = () =>
  conflict('ITEM_NOT_LOANABLE', 'The circulation rules keep this item in the library for this member’s category.');

/** A return and, when the copy went to a waiting hold, that hold. */
export interface ReturnOutcome {
  readonly loan: LoanView;
  readonly holdId: string | null;
}

@Injectable()
export class LoansService {
  private readonly fineBlockThresholdCents: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: CirculationRulesService,
    private readonly holds: HoldQueue,
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectMetric(LOAN_OPERATIONS) private readonly operations: Counter<string>,
  ) {
    this.fineBlockThresholdCents = config.loans.fineBlockThresholdCents;
  }

  /**
   * One transaction: the borrower's lock, the title's queue lock, the borrower's standing, then a copy
   * (the one set aside for the borrower's hold first), the rule for the borrower's category and the
   * copy's item type, the loan limit of that rule, the loan with the rule's terms, and the borrower's
   * hold on the title fulfilled. The locks run in the order every circulation path takes them
   * (member, title queue, copy), so checkouts, returns and holds never deadlock.
   */
  checkout(caller: AuthUser, input: CheckoutDto): Promise<LoanView> {
    return this.track('checkout', async () => {
      const borrowerId = input.userId ?? caller.id;
      if (borrowerId !== caller.id && !hasRole(caller.role, 'librarian')) {
        throw forbidden('FORBIDDEN', 'Only a librarian may lend to another user.');
      }
      try {
        const loan = await this.dataSource.transaction(async (manager) => {
          const category = await this.lockBorrower(manager, borrowerId);
          const bookId = await this.titleOf(manager, input);
          await this.holds.lock(manager, bookId);
          const { unpaidFineCents } = (await queryFirstRow(manager, unpaidFinesStatement(borrowerId)))!;
          if (unpaidFineCents >= this.fineBlockThresholdCents) {
            throw forbidden(
              'FINES_OUTSTANDING',
              `Unpaid fines of ${unpaidFineCents} cents must be paid before borrowing.`,
            );
          }
          const copy = await this.copyToLend(manager, borrowerId, category, bookId, input);
          const rule = await this.rules.ruleInForce(manager, category, copy.itemType);
          if (!rule.loanable) throw notLoanable();
          const scope = rule.itemType === '*' ? null : copy.itemType;
          const { count } = (await queryFirstRow(manager, activeLoansStatement(borrowerId, scope)))!;
          if (count >= rule.maxActiveLoans) {
            const what = scope ? `${scope} loans` : 'active loans';
            throw conflict(
              'LOAN_LIMIT_REACHED',
              `A ${category} member may have at most ${rule.maxActiveLoans} ${what}.`,
            );
          }
          const lent = (await queryFirstRow(manager, lendCopyStatement(borrowerId, copy.id, rule)))!;
          await this.holds.fulfil(manager, borrowerId, bookId, lent.id, copy.id);
          return lent;
        });
        return LoanView.of(loan);
      } catch (error) {
        if (isUniqueViolation(error, 'loans_one_active_per_copy')) throw unavailable(input);
        throw error;
      }
    });
  }

  /**
   * Reads the loan and computes the fine with the terms of its checkout, then, under the title's queue
   * lock, returns it in one conditional statement that only applies if the loan is still out and was
   * not renewed since the read (a concurrent return makes it match nothing, a concurrent renewal makes
   * it compute the fine again), and passes the copy to the first waiting hold or back to the shelf.
   */
  returnLoan(caller: AuthUser, id: string): Promise<LoanView> {
    return this.returnCopy(caller, id).then((outcome) => outcome.loan);
  }

  returnCopy(caller: AuthUser, id: string): Promise<ReturnOutcome> {
    return this.track('return', async () => {
      for (let attempt = 0; attempt < RETURN_ATTEMPTS; attempt++) {
        const loan = await queryFirstRow(this.dataSource, loanToReturnStatement(id));
        if (!loan || !mayAccess(caller, loan)) throw loanNotFound();
        if (loan.returnedAt) throw alreadyReturned();
        const outcome = await this.dataSource.transaction(async (manager) => {
          await this.holds.lock(manager, loan.bookId);
          const returned = await queryFirstRow(
            manager,
            returnLoanStatement(id, {
              returnedAt: loan.readAt,
              fineCents: fineCents(loan.dueAt, loan.readAt, loan),
              renewals: loan.renewals,
            }),
          );
          if (!returned) return undefined;
          const holdId = await this.holds.passCopyOn(manager, loan.bookId, loan.copyId, ['on_loan']);
          return { loan: LoanView.of(returned), holdId };
        });
        if (outcome) return outcome;
      }
      throw alreadyReturned();
    });
  }

  /**
   * One conditional update carries every rule (the loan's own terms, no holds waiting), so of
   * simultaneous renewals and returns each sees what the others committed. Only when it matches
   * nothing is the loan read to say why.
   */
  renew(caller: AuthUser, id: string): Promise<LoanView> {
    return this.track('renew', async () => {
      const renewer = { userId: caller.id, isLibrarian: hasRole(caller.role, 'librarian') };
      const renewed = await queryFirstRow(this.dataSource, renewLoanStatement(id, renewer));
      if (renewed) return LoanView.of(renewed);
      const loan = await queryFirstRow(this.dataSource, loanByIdStatement(id));
      if (!loan || !mayAccess(caller, loan)) throw loanNotFound();
      if (loan.returnedAt) throw alreadyReturned();
      if (loan.status === 'overdue') {
        throw conflict('LOAN_OVERDUE', 'An overdue loan cannot be renewed; return the copy instead.');
      }
      if (loan.renewals >= loan.maxRenewals) {
        throw conflict('RENEWAL_LIMIT_REACHED', `This loan can be renewed at most ${loan.maxRenewals} times.`);
      }
      throw conflict('RENEWAL_BLOCKED_BY_HOLD', 'Members are waiting for this title; return the copy instead.');
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

  /** Locks the borrower (`lockBorrowerStatement`), refuses an unknown or suspended one, and gives their category. */
  private async lockBorrower(manager: EntityManager, userId: string): Promise<PatronCategory> {
    const user = await queryFirstRow(manager, lockBorrowerStatement(userId));
    if (!user) throw notFound('USER_NOT_FOUND', 'No user with this id.');
    if (user.status === 'suspended') throw forbidden('MEMBER_SUSPENDED', 'A suspended member cannot borrow.');
    return user.category;
  }

  /** The title the checkout is for: an unknown copy or book (or one of a deleted book) is a 404. */
  private async titleOf(manager: EntityManager, input: CheckoutDto): Promise<string> {
    if (input.copyId) {
      const copy = await queryFirstRow(manager, copyTitleStatement(input.copyId));
      if (!copy) throw notFound('COPY_NOT_FOUND', 'No copy with this id.');
      return copy.bookId;
    }
    if (!(await queryFirstRow(manager, lendableBookStatement(input.bookId!)))) {
      throw notFound('BOOK_NOT_FOUND', 'No book with this id.');
    }
    return input.bookId!;
  }

  /**
   * The copy to lend, locked: the one set aside for the borrower's hold (asked for by title, or by
   * that copy), else the named copy if it is on the shelf, else any copy of the title on the shelf
   * that the borrower's category may borrow. A copy on the hold shelf for someone else is never lent.
   */
  private async copyToLend(
    manager: EntityManager,
    borrowerId: string,
    category: PatronCategory,
    bookId: string,
    input: CheckoutDto,
  ): Promise<CopyToLend> {
    const reservedCopyId = await this.holds.copySetAsideFor(manager, borrowerId, bookId);
    if (input.copyId) {
      const copy = (await queryFirstRow(manager, lockCopyToLendStatement(input.copyId)))!;
      if (copy.status === 'on_hold_shelf' && copy.id !== reservedCopyId) throw copyReserved();
      if (copy.status !== 'available' && copy.status !== 'on_hold_shelf') throw unavailable(input);
      return copy;
    }
    if (reservedCopyId) return (await queryFirstRow(manager, lockCopyToLendStatement(reservedCopyId)))!;
    const copy = await queryFirstRow(manager, lockShelvedCopyStatement(bookId, category));
    if (copy) return copy;
    const { count } = (await queryFirstRow(manager, unloanableShelvedCopiesStatement(bookId, category)))!;
    throw count > 0 ? notLoanable() : unavailable(input);
  }

  private track<T>(operation: LoanOperation, work: () => Promise<T>): Promise<T> {
    return recordOutcome(work, (outcome) => this.operations.inc({ operation, outcome }));
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
