import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { hasRole, type AuthUser } from '../auth/roles.js';
import { isUniqueViolation } from '../common/database-errors.js';
import { pageOf, type Page } from '../common/pagination.js';
import { forbidden, notFound } from '../common/problem.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { recordOutcome } from '../observability/operation-outcome.js';
import { queryFirstRow, queryRows } from '../database/sql.js';
import type { HoldListQuery } from './dto/hold-list.query.js';
import type { PlaceHoldDto } from './dto/place-hold.dto.js';
import {
  alreadyOnLoan,
  holdExists,
  holdLimitReached,
  holdNotActive,
  holdNotFound,
  holdsNotAllowed,
} from './hold-errors.js';
import type { HoldOperation } from './hold-metrics.js';
import { HoldQueue } from './hold-queue.js';
import { HoldView } from './hold.view.js';
import {
  bookExistsStatement,
  closeHoldStatement,
  holdBookStatement,
  holdByIdStatement,
  holdPageStatement,
  holdRulesStatement,
  insertHoldStatement,
  lockMemberStatement,
  memberStandingStatement,
  setAsideStatement,
} from './holds.sql.js';

@Injectable()
export class HoldsService {
  private readonly fineBlockThresholdCents: number;

  constructor(
    private readonly db: DataSource,
    private readonly queue: HoldQueue,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.fineBlockThresholdCents = config.loans.fineBlockThresholdCents;
  }

  /**
   * One transaction: the member's lock (their holds and checkouts one after the other), the checks of
   * their standing, the title's queue lock, then a copy on the shelf set aside or a place in the queue.
   * Positions are handed out under the queue lock, so simultaneous holds get distinct ones.
   */
  place(caller: AuthUser, input: PlaceHoldDto): Promise<HoldView> {
    return this.track('place', async () => {
      const userId = input.userId ?? caller.id;
      if (userId !== caller.id && !hasRole(caller.role, 'librarian')) {
        throw forbidden('FORBIDDEN', 'Only a librarian may place a hold for another member.');
      }
      try {
        const id = await this.db.transaction(async (runner) => {
          const member = await queryFirstRow(runner, lockMemberStatement(userId));
          if (!member) throw notFound('USER_NOT_FOUND', 'No user with this id.');
          if (member.status === 'suspended') {
            throw forbidden('MEMBER_SUSPENDED', 'A suspended member cannot place holds.');
          }
          if (!(await queryFirstRow(runner, bookExistsStatement(input.bookId)))) {
            throw notFound('BOOK_NOT_FOUND', 'No book with this id.');
          }
          await this.queue.lock(runner, input.bookId);
          await this.checkStanding(runner, userId, member.category, input.bookId);
          const copy = await queryFirstRow(runner, setAsideStatement(input.bookId, member.category));
          const hold = await queryFirstRow(
            runner,
            insertHoldStatement(userId, input.bookId, copy?.id ?? null, this.queue.pickupDaysSetting),
          );
          if (copy) await this.queue.setAside(runner, hold!.id);
          return hold!.id;
        });
        return await this.get(caller, id);
      } catch (error) {
        if (isUniqueViolation(error, 'holds_one_active_per_member_book')) throw holdExists();
        throw error;
      }
    });
  }

  private async checkStanding(runner: EntityManager, userId: string, category: string, bookId: string): Promise<void> {
    const standing = (await queryFirstRow(runner, memberStandingStatement(userId, bookId)))!;
    if (standing.unpaidFineCents >= this.fineBlockThresholdCents) {
      throw forbidden(
        'FINES_OUTSTANDING',
        `Unpaid fines of ${standing.unpaidFineCents} cents must be paid before placing holds.`,
      );
    }
    if (standing.holdsBook) throw holdExists();
    if (standing.borrowsBook) throw alreadyOnLoan();
    const rules = await queryFirstRow(runner, holdRulesStatement(category, bookId));
    if (!rules?.holdsAllowed) throw holdsNotAllowed();
    if (standing.activeHolds >= rules.maxHolds) throw holdLimitReached(rules.maxHolds);
  }

  async get(caller: AuthUser, id: string): Promise<HoldView> {
    const hold = await queryFirstRow(this.db, holdByIdStatement(id));
    if (!hold || !mayAccess(caller, hold.userId)) throw holdNotFound();
    return HoldView.of(hold);
  }

  /** A member lists only their own holds; librarians filter by anything. */
  async list(caller: AuthUser, query: HoldListQuery): Promise<Page<HoldView>> {
    const librarian = hasRole(caller.role, 'librarian');
    if (!librarian && query.userId !== undefined && query.userId !== caller.id) {
      throw forbidden('FORBIDDEN', 'A member can only list their own holds.');
    }
    const filters = { status: query.status, bookId: query.bookId, userId: librarian ? query.userId : caller.id };
    const rows = await queryRows(this.db, holdPageStatement(filters, query.limit, query.offset));
    const items = rows.filter((row) => row.id !== null).map(HoldView.of);
    return pageOf(items, rows[0]?.total ?? 0, query);
  }

  /** The holder or a librarian. A ready hold's copy goes to the next in line, or back on the shelf. */
  cancel(caller: AuthUser, id: string): Promise<HoldView> {
    return this.track('cancel', async () => {
      const hold = await queryFirstRow(this.db, holdBookStatement(id));
      if (!hold || !mayAccess(caller, hold.userId)) throw holdNotFound();
      await this.db.transaction(async (manager) => {
        if (!(await this.close(manager, id, hold.bookId, 'cancelled'))) throw holdNotActive();
      });
      return this.get(caller, id);
    });
  }

  /**
   * Ends one active hold under its title's queue lock and passes its copy on. False when the hold was
   * no longer active (or, for expiry, no longer past its pickup date).
   */
  async close(
    runner: EntityManager,
    id: string,
    bookId: string,
    status: 'cancelled' | 'expired',
    asOf?: Date,
  ): Promise<boolean> {
    await this.queue.lock(runner, bookId);
    const closed = await queryFirstRow(runner, closeHoldStatement(id, status, asOf));
    if (!closed) return false;
    if (closed.setAsideCopyId) await this.queue.passCopyOn(runner, bookId, closed.setAsideCopyId, ['on_hold_shelf']);
    return true;
  }

  private track<T>(operation: HoldOperation, work: () => Promise<T>): Promise<T> {
    return recordOutcome(work, (outcome) => this.queue.count(operation, outcome));
  }
}

/** The holder and librarians see a hold; to anyone else it does not exist. */
function mayAccess(caller: AuthUser, holderId: string): boolean {
  return holderId === caller.id || hasRole(caller.role, 'librarian');
}
