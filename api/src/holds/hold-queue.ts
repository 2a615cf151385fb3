import { Inject, Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { NoticeOutbox } from '../notices/notice-outbox.js';
import { queryFirstRow, queryRows } from '../database/sql.js';
import type { OperationOutcome } from '../observability/operation-outcome.js';
import { HOLD_OPERATIONS, type HoldOperation } from './hold-metrics.js';
import {
  copySetAsideStatement,
  fulfilHoldStatement,
  lockCopyStatement,
  lockQueueStatement,
  passCopyOnStatement,
} from './holds.sql.js';

/**
 * The moves of a title's holds queue that other features make inside their own transactions (a return
 * passes the copy on; a checkout fulfils the holder's hold). Every method expects the queue lock.
 */
@Injectable()
export class HoldQueue {
  private readonly pickupDays: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectMetric(HOLD_OPERATIONS) private readonly operations: Counter<string>,
    private readonly notices: NoticeOutbox,
  ) {
    this.pickupDays = config.holds.pickupDays;
  }

  /** Takes the title's queue lock until the transaction ends. */
  async lock(runner: EntityManager, bookId: string): Promise<void> {
    await queryRows(runner, lockQueueStatement(bookId));
  }

  /**
   * Gives the copy to the next waiting hold it can fill, or puts it back on the shelf; only when the
   * copy is still in a status the caller expects (a copy marked lost meanwhile stays lost). Returns
   * the hold that became ready, or null.
   */
  async passCopyOn(
    runner: EntityManager,
    bookId: string,
    copyId: string,
    expected: readonly string[],
  ): Promise<string | null> {
    const copy = await queryFirstRow(runner, lockCopyStatement(copyId));
    if (!copy || !expected.includes(copy.status)) return null;
    const result = await queryFirstRow(runner, passCopyOnStatement(bookId, copyId, this.pickupDays));
    if (result?.holdId) await this.setAside(runner, result.holdId);
    return result?.holdId ?? null;
  }

  /** The copy on the hold shelf for the member's hold on the title, if any. */
  async copySetAsideFor(runner: EntityManager, userId: string, bookId: string): Promise<string | null> {
    return (await queryFirstRow(runner, copySetAsideStatement(userId, bookId)))?.copyId ?? null;
  }

  /**
   * A checkout of the title fulfils the borrower's active hold on it; when the loan took another
   * copy than the one set aside for the hold, that copy goes to the next in line.
   */
  async fulfil(runner: EntityManager, userId: string, bookId: string, loanId: string, lentCopyId: string) {
    const hold = await queryFirstRow(runner, fulfilHoldStatement(userId, bookId, loanId));
    if (!hold) return;
    this.count('fulfil', 'success');
    if (hold.setAsideCopyId && hold.setAsideCopyId !== lentCopyId) {
      await this.passCopyOn(runner, bookId, hold.setAsideCopyId, ['on_hold_shelf']);
    }
  }

  /** A copy was set aside for the hold, now ready: counted, and the member's notice queued in this transaction. */
  async setAside(runner: EntityManager, holdId: string): Promise<void> {
    this.count('set_aside', 'success');
    await this.notices.holdReady(runner, holdId);
  }

  count(operation: HoldOperation, outcome: OperationOutcome): void {
    this.operations.inc({ operation, outcome });
  }

  get pickupDaysSetting(): number {
    return this.pickupDays;
  }
}
