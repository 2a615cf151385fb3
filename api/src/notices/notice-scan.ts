import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { run } from './worker-sql.js';
import { enqueueNoticeJobs, queueDbOfClient } from './notice-queue.js';
import { dueSoonNoticesStatement, overdueNoticesStatement } from './notices.sql.js';
import type { NoticeSchedule } from './worker-config.js';

export interface ScanResult {
  readonly dueSoon: number;
  readonly overdue: number;
}

/**
 * Records the due-soon and overdue notices owed now and queues their jobs in the same transaction, so a
 * crash leaves either both or neither. Safe to run as often as wanted: the idempotency keys let each
 * notice in once.
 */
export async function scanNotices(pool: pg.Pool, jobs: PgBoss, schedule: NoticeSchedule): Promise<ScanResult> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const dueSoon = await run(client, dueSoonNoticesStatement(schedule.dueSoonDays));
    const overdue = await run(client, overdueNoticesStatement(schedule.overdueEveryDays, schedule.overdueMax));
    const ids = [...dueSoon, ...overdue].map((row) => row.id);
    await enqueueNoticeJobs(jobs, queueDbOfClient(client), ids);
    await client.query('COMMIT');
    return { dueSoon: dueSoon.length, overdue: overdue.length };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
