import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../database/sql.js';
import { createJobWriter, enqueueNoticeJobs, queueDbOf } from './notice-queue.js';
import { holdReadyNoticeStatement } from './notices.sql.js';

/**
 * Where the API's features record a notice: the notice row and its send job go into the caller's
 * transaction, so the notice exists exactly when the event that caused it committed.
 */
@Injectable()
export class NoticeOutbox {
  private readonly jobs = createJobWriter();

  /** The hold just became ready (its copy set aside): one hold-ready notice per time it does. */
  async holdReady(runner: EntityManager, holdId: string): Promise<void> {
    const recorded = await queryRows(runner, holdReadyNoticeStatement(holdId));
    await this.enqueue(
      runner,
      recorded.map((row) => row.id),
    );
  }

  /** Queues send jobs for notices already recorded (a resend). */
  enqueue(runner: EntityManager, noticeIds: readonly string[]): Promise<void> {
    return enqueueNoticeJobs(this.jobs, queueDbOf(runner), noticeIds);
  }
}
