import type { SqlStatement } from '../database/sql.js';
import type { NoticeRow, NoticeStatus, NoticeType } from './notice.view.js';

const NOTICE_COLUMNS = `n.id, n.type, n.user_id AS "userId", n.loan_id AS "loanId", n.hold_id AS "holdId", n.status,
  n.attempts, n.last_error AS "lastError", n.subject, n.created_at AS "createdAt", n.queued_at AS "queuedAt",
  n.sent_at AS "sentAt"`;

type Inserted = SqlStatement<{ readonly id: string }>;

/**
 * Records a due-soon notice for every open loan due within `days` whose borrower is active and has not
 * opted out. The key holds the due date, so a renewal earns a new reminder and a rescan none.
 */
export function dueSoonNoticesStatement(days: number): Inserted {
  return {
    text: `INSERT INTO notices (type, user_id, loan_id, idempotency_key)
           SELECT 'due_soon', l.user_id, l.id, 'due_soon:' || l.id || ':' || to_char(l.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI')
           FROM loans l JOIN users u ON u.id = l.user_id
           WHERE l.returned_at IS NULL AND l.due_at > now() AND l.due_at <= now() + $1 * interval '1 day'
             AND u.status = 'active' AND u.due_soon_notices
           ON CONFLICT (idempotency_key) DO NOTHING
           RETURNING id`,
    values: [days],
  };
}

/**
 * Records the n-th overdue notice of each open overdue loan: the first once it is past due, then one
 * every `everyDays`, never more than `max` (a scan that missed a period sends only the current one).
 */
export function overdueNoticesStatement(everyDays: number, max: number): Inserted {
  return {
    text: `INSERT INTO notices (type, user_id, loan_id, idempotency_key)
           SELECT 'overdue', o.user_id, o.id, 'overdue:' || o.id || ':' || o.n
           FROM (
             SELECT l.id, l.user_id, floor(extract(epoch FROM now() - l.due_at) / ($1 * 86400))::int + 1 AS n
             FROM loans l JOIN users u ON u.id = l.user_id
             WHERE l.returned_at IS NULL AND l.due_at <= now() AND u.status = 'active'
           ) o
           WHERE o.n <= $2
           ON CONFLICT (idempotency_key) DO NOTHING
           RETURNING id`,
    values: [everyDays, max],
  };
}

/**
 * Records the hold-ready notice of a hold that is ready now. The key holds the moment it became ready,
 * so a hold readied again (its copy lost, another set aside) earns a new notice and a retry none.
 */
export function holdReadyNoticeStatement(holdId: string): Inserted {
  return {
    text: `INSERT INTO notices (type, user_id, hold_id, idempotency_key)
           SELECT 'hold_ready', h.user_id, h.id,
             'hold_ready:' || h.id || ':' || to_char(h.ready_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')
           FROM holds h WHERE h.id = $1 AND h.status = 'ready'
           ON CONFLICT (idempotency_key) DO NOTHING
           RETURNING id`,
    values: [holdId],
  };
}

/** What a mail needs: the notice, its member, and the title and dates of its loan or hold. */
export interface NoticeContentRow {
  readonly id: string;
  readonly type: NoticeType;
  readonly status: NoticeStatus;
  readonly email: string;
  readonly memberName: string;
  readonly title: string;
  /** The due date of the loan, or the last day to collect the hold. */
  readonly date: Date | null;
  readonly overdueNumber: number | null;
}

export function noticeContentStatement(id: string): SqlStatement<NoticeContentRow> {
  return {
    text: `SELECT n.id, n.type, n.status, u.email, u.name AS "memberName", b.title, coalesce(l.due_at, h.pickup_by) AS date,
             CASE WHEN n.type = 'overdue' THEN split_part(n.idempotency_key, ':', 3)::int END AS "overdueNumber"
           FROM notices n
           JOIN users u ON u.id = n.user_id
           LEFT JOIN loans l ON l.id = n.loan_id
           LEFT JOIN holds h ON h.id = n.hold_id
           JOIN books b ON b.id = coalesce(l.book_id, h.book_id)
           WHERE n.id = $1`,
    values: [id],
  };
}

export function markSentStatement(id: string, subject: string): SqlStatement {
  return {
    text: `UPDATE notices SET status = 'sent', attempts = attempts + 1, subject = $2, last_error = NULL,
             sent_at = now(), updated_at = now()
           WHERE id = $1`,
    values: [id, subject],
  };
}

/** One failed attempt; `final` keeps the notice as failed (the queue will not try again). */
export function markAttemptFailedStatement(id: string, error: string, final: boolean): SqlStatement {
  return {
    text: `UPDATE notices SET attempts = attempts + 1, last_error = $2, updated_at = now(),
             status = CASE WHEN $3::boolean THEN 'failed'::notice_status ELSE status END
           WHERE id = $1 AND status = 'queued'`,
    values: [id, error.slice(0, 1000), final],
  };
}

/** Queues a sent or failed notice again; no row when it is unknown or already queued. */
export function requeueNoticeStatement(id: string): SqlStatement<NoticeRow> {
  return {
    text: `UPDATE notices n SET status = 'queued', sent_at = NULL, queued_at = now(), updated_at = now()
           WHERE n.id = $1 AND n.status <> 'queued'
           RETURNING ${NOTICE_COLUMNS}`,
    values: [id],
  };
}

export function noticeStatement(id: string): SqlStatement<NoticeRow> {
  return { text: `SELECT ${NOTICE_COLUMNS} FROM notices n WHERE n.id = $1`, values: [id] };
}

export interface NoticeFilter {
  readonly status?: NoticeStatus;
  readonly userId?: string;
}

/** A page of notices, newest first, with the total of matching ones on every row. */
export function noticePageStatement(
  filter: NoticeFilter,
  limit: number,
  offset: number,
): SqlStatement<NoticeRow & { readonly total: number }> {
  const values: unknown[] = [limit, offset];
  const conditions: string[] = [];
  if (filter.status) {
    values.push(filter.status);
    conditions.push(`n.status = $${values.length}`);
  }
  if (filter.userId) {
    values.push(filter.userId);
    conditions.push(`n.user_id = $${values.length}`);
  }
  const where = conditions.length > 0 ? conditions.join(' AND ') : 'true';
  return {
    text: `SELECT t.total, p.*
           FROM (SELECT count(*)::int AS total FROM notices n WHERE ${where}) t
           LEFT JOIN LATERAL (
             SELECT ${NOTICE_COLUMNS} FROM notices n WHERE ${where} ORDER BY n.created_at DESC, n.id LIMIT $1 OFFSET $2
           ) p ON true
           ORDER BY p."createdAt" DESC, p.id`,
    values,
  };
}

/** Notices waiting to be sent and how long the oldest has waited, for the worker's gauges. */
export function queuedNoticesStatement(): SqlStatement<{ readonly depth: number; readonly oldestSeconds: number }> {
  return {
    text: `SELECT count(*)::int AS depth, coalesce(extract(epoch FROM now() - min(queued_at)), 0)::float8 AS "oldestSeconds"
           FROM notices WHERE status = 'queued'`,
    values: [],
  };
}

export function setDueSoonPreferenceStatement(
  userId: string,
  dueSoon: boolean,
): SqlStatement<{ readonly dueSoon: boolean }> {
  return {
    text: `UPDATE users SET due_soon_notices = $2, updated_at = now() WHERE id = $1 RETURNING due_soon_notices AS "dueSoon"`,
    values: [userId, dueSoon],
  };
}

export function dueSoonPreferenceStatement(userId: string): SqlStatement<{ readonly dueSoon: boolean }> {
  return { text: `SELECT due_soon_notices AS "dueSoon" FROM users WHERE id = $1`, values: [userId] };
}
