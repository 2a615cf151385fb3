import type { SqlStatement } from '../database/sql.js';
import type { PatronCategory } from '../circulation-rules/circulation-terms.js';
import { HOLD_COLUMNS, type HoldRow, type HoldStatus } from './hold.view.js';

/**
 * The lock of one title's holds queue (a transaction-level advisory lock, so every replica takes the
 * same one). Whatever changes the queue or the copies set aside for it takes it first: placing,
 * cancelling and expiring holds, returns and checkouts of the title. The two-key form keeps these
 * locks apart from the single-key ones of the migration and seed runners.
 */
export const HOLD_QUEUE_LOCK_CLASS = 7413;

export function lockQueueStatement(bookId: string): SqlStatement<never> {
  return { text: `SELECT pg_advisory_xact_lock($1, hashtext($2::text))`, values: [HOLD_QUEUE_LOCK_CLASS, bookId] };
}

/** Serializes one member's holds (and checkouts) across replicas, as a checkout does. */
export function lockMemberStatement(userId: string): SqlStatement<{ status: string; category: PatronCategory }> {
  return {
    text: `SELECT status, category FROM users WHERE id = $1 FOR NO KEY UPDATE`,
    values: [userId],
  };
}

/** A member's standing for a new hold on one title. */
export interface MemberStanding {
  readonly unpaidFineCents: number;
  readonly activeHolds: number;
  readonly holdsBook: boolean;
  readonly borrowsBook: boolean;
}

/**
 * Read after the member's lock, in a statement of its own so its snapshot sees what the member's
 * previous requests committed.
 */
export function memberStandingStatement(userId: string, bookId: string): SqlStatement<MemberStanding> {
  return {
    text: `SELECT
        (SELECT coalesce(sum(fine_cents), 0)::int FROM loans
          WHERE user_id = $1 AND fine_cents > 0 AND fine_paid_at IS NULL) AS "unpaidFineCents",
        (SELECT count(*)::int FROM holds WHERE user_id = $1 AND status IN ('waiting', 'ready')) AS "activeHolds",
        EXISTS (SELECT 1 FROM holds WHERE user_id = $1 AND book_id = $2 AND status IN ('waiting', 'ready'))
          AS "holdsBook",
        EXISTS (SELECT 1 FROM loans WHERE user_id = $1 AND book_id = $2 AND returned_at IS NULL) AS "borrowsBook"`,
    values: [userId, bookId],
  };
}

/**
 * Whether the member's category may hold the title: some copy on the shelf or on loan is of an item
 * type whose rule is loanable and allows holds; a title without such copies (on order) follows the
 * category's `*` row. `maxHolds` always comes from the `*` row.
 */
export function holdRulesStatement(
  category: string,
  bookId: string,
): SqlStatement<{ maxHolds: number; holdsAllowed: boolean }> {
  return {
    text: `SELECT r.max_holds AS "maxHolds",
        CASE WHEN EXISTS (SELECT 1 FROM copies c WHERE c.book_id = $2 AND c.status NOT IN ('lost', 'withdrawn'))
          THEN EXISTS (
            SELECT 1 FROM copies c CROSS JOIN LATERAL circulation_rule($1, c.item_type) cr
            WHERE c.book_id = $2 AND c.status NOT IN ('lost', 'withdrawn') AND cr.loanable AND cr.holds_allowed)
          ELSE r.loanable AND r.holds_allowed
        END AS "holdsAllowed"
      FROM circulation_rules r WHERE r.category = $1 AND r.item_type = '*'`,
    values: [category, bookId],
  };
}

export function bookExistsStatement(bookId: string): SqlStatement<unknown> {
  return { text: `SELECT 1 FROM books WHERE id = $1 AND deleted_at IS NULL`, values: [bookId] };
}

/**
 * Sets a copy on the shelf aside for a new hold. It waits for a checkout that is taking a copy (no
 * SKIP LOCKED): if that copy stays available it is set aside, otherwise the next one is.
 */
export function setAsideStatement(bookId: string, category: string): SqlStatement<{ id: string }> {
  return {
    text: `UPDATE copies SET status = 'on_hold_shelf', updated_at = now()
      WHERE status = 'available' AND id = (
        SELECT c.id FROM copies c CROSS JOIN LATERAL circulation_rule($2, c.item_type) r
        WHERE c.book_id = $1 AND c.status = 'available' AND r.loanable AND r.holds_allowed
        ORDER BY c.created_at, c.id LIMIT 1
        FOR UPDATE OF c)
      RETURNING id`,
    values: [bookId, category],
  };
}

/** A new hold: ready with the copy set aside for it, or waiting at the end of the queue. */
export function insertHoldStatement(
  userId: string,
  bookId: string,
  copyId: string | null,
  pickupDays: number,
): SqlStatement<{ id: string }> {
  return {
    text: `INSERT INTO holds (user_id, book_id, status, copy_id, ready_at, pickup_by)
      SELECT $1, $2, CASE WHEN $3::uuid IS NULL THEN 'waiting' ELSE 'ready' END::hold_status, $3::uuid,
        CASE WHEN $3::uuid IS NOT NULL THEN now() END,
        CASE WHEN $3::uuid IS NOT NULL THEN now() + make_interval(days => $4) END
      RETURNING id`,
    values: [userId, bookId, copyId, pickupDays],
  };
}

export function holdByIdStatement(id: string): SqlStatement<HoldRow> {
  return { text: `SELECT ${HOLD_COLUMNS} FROM holds h WHERE h.id = $1`, values: [id] };
}

export interface HoldFilters {
  readonly status?: HoldStatus;
  readonly bookId?: string;
  readonly userId?: string;
}

/** The hold shelf oldest pickup first, the queue in its order, anything else newest first. */
const ORDER_BY: Partial<Record<HoldStatus, string>> = {
  ready: 'h.pickup_by, h.id',
  waiting: 'h.queue_number',
};

export function holdPageStatement(
  filters: HoldFilters,
  limit: number,
  offset: number,
): SqlStatement<HoldRow & { total: number }> {
  const values: unknown[] = [];
  const conditions: string[] = [];
  for (const [column, value] of [
    ['h.status', filters.status],
    ['h.book_id', filters.bookId],
    ['h.user_id', filters.userId],
  ] as const) {
    if (value === undefined) continue;
    values.push(value);
    conditions.push(`${column} = $${values.length}`);
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const order = (filters.status && ORDER_BY[filters.status]) ?? 'h.created_at DESC, h.id DESC';
  values.push(limit, offset);
  return {
    text: `SELECT t.total, p.* FROM (SELECT count(*)::int AS total FROM holds h ${where}) t
      LEFT JOIN LATERAL (
        SELECT ${HOLD_COLUMNS}, row_number() OVER (ORDER BY ${order}) AS ordinal FROM holds h ${where}
        ORDER BY ${order} LIMIT $${values.length - 1} OFFSET $${values.length}
      ) p ON true
      ORDER BY p.ordinal`,
    values,
  };
}

/** The book of a hold (it never changes), to take the queue lock before the hold is changed. */
export function holdBookStatement(id: string): SqlStatement<{ bookId: string; userId: string }> {
  return { text: `SELECT book_id AS "bookId", user_id AS "userId" FROM holds WHERE id = $1`, values: [id] };
}

/**
 * Ends an active hold, under its title's queue lock. Expiry also requires the pickup date to have
 * passed `asOf`. Returns the copy that was set aside for it, if any, to pass on.
 */
export function closeHoldStatement(
  id: string,
  status: 'cancelled' | 'expired',
  asOf?: Date,
): SqlStatement<{ setAsideCopyId: string | null }> {
  const expiring = status === 'expired';
  return {
    text: `WITH before AS (SELECT id, status, copy_id FROM holds WHERE id = $1 FOR UPDATE)
      UPDATE holds h SET status = $2, closed_at = now(), updated_at = now()
      FROM before
      WHERE h.id = before.id AND before.status IN ${expiring ? `('ready') AND h.pickup_by < $3` : `('waiting', 'ready')`}
      RETURNING CASE WHEN before.status = 'ready' THEN before.copy_id END AS "setAsideCopyId"`,
    values: expiring ? [id, status, asOf ?? new Date()] : [id, status],
  };
}

/** The copy's status, locked: it is passed on only from the status the caller expects it in. */
export function lockCopyStatement(copyId: string): SqlStatement<{ status: string; bookId: string }> {
  return { text: `SELECT status, book_id AS "bookId" FROM copies WHERE id = $1 FOR UPDATE`, values: [copyId] };
}

/**
 * Gives a copy that became free (returned, or released by a hold) to the first waiting hold of its
 * title that it can fill (FIFO; the copy's item type must be loanable and holdable for the holder's
 * category), which becomes ready; with no such hold the copy goes back on the shelf.
 */
export function passCopyOnStatement(
  bookId: string,
  copyId: string,
  pickupDays: number,
): SqlStatement<{ holdId: string | null }> {
  return {
    text: `WITH next AS (
        SELECT h.id FROM holds h
        JOIN users u ON u.id = h.user_id
        JOIN copies c ON c.id = $2
        CROSS JOIN LATERAL circulation_rule(u.category, c.item_type) r
        WHERE h.book_id = $1 AND h.status = 'waiting' AND r.loanable AND r.holds_allowed
          AND EXISTS (SELECT 1 FROM books b WHERE b.id = $1 AND b.deleted_at IS NULL)
        ORDER BY h.queue_number LIMIT 1
        FOR UPDATE OF h),
      readied AS (
        UPDATE holds SET status = 'ready', copy_id = $2, ready_at = now(),
          pickup_by = now() + make_interval(days => $3), updated_at = now()
        WHERE id = (SELECT id FROM next)
        RETURNING id)
      UPDATE copies SET updated_at = now(),
        status = CASE WHEN EXISTS (SELECT 1 FROM readied) THEN 'on_hold_shelf' ELSE 'available' END::copy_status
      WHERE id = $2
      RETURNING (SELECT id FROM readied) AS "holdId"`,
    values: [bookId, copyId, pickupDays],
  };
}

/** Ready holds whose copy was not picked up by `asOf`, oldest first. */
export function expiredHoldsStatement(
  asOf: Date | undefined,
  limit: number,
): SqlStatement<{ id: string; bookId: string }> {
  return {
    text: `SELECT id, book_id AS "bookId" FROM holds
      WHERE status = 'ready' AND pickup_by < coalesce($1::timestamptz, now())
      ORDER BY pickup_by LIMIT $2`,
    values: [asOf ?? null, limit],
  };
}

/**
 * Copies on the shelf while their title has holds waiting (added, or found again, since): each is
 * offered to the queue under the title's lock.
 */
export function idleCopiesForQueuesStatement(limit: number): SqlStatement<{ copyId: string; bookId: string }> {
  return {
    text: `SELECT c.id AS "copyId", c.book_id AS "bookId" FROM copies c
      WHERE c.status = 'available'
        AND EXISTS (SELECT 1 FROM holds h WHERE h.book_id = c.book_id AND h.status = 'waiting')
      ORDER BY c.book_id, c.created_at LIMIT $1`,
    values: [limit],
  };
}

/** The holds of deleted titles can never be filled: they are cancelled. */
export function cancelHoldsOfDeletedBooksStatement(): SqlStatement<{ id: string }> {
  return {
    text: `UPDATE holds h SET status = 'cancelled', closed_at = now(), updated_at = now()
      FROM books b
      WHERE b.id = h.book_id AND b.deleted_at IS NOT NULL AND h.status IN ('waiting', 'ready')
      RETURNING h.id`,
    values: [],
  };
}

/** The figures of the holds gauges. */
export function holdCountsStatement(): SqlStatement<{ waiting: number; ready: number }> {
  return {
    text: `SELECT count(*) FILTER (WHERE status = 'waiting')::int AS waiting,
        count(*) FILTER (WHERE status = 'ready')::int AS ready
      FROM holds WHERE status IN ('waiting', 'ready')`,
    values: [],
  };
}

/** The copy set aside for the member's ready hold on the title, if any. */
export function copySetAsideStatement(userId: string, bookId: string): SqlStatement<{ copyId: string }> {
  return {
    text: `SELECT copy_id AS "copyId" FROM holds WHERE user_id = $1 AND book_id = $2 AND status = 'ready'`,
    values: [userId, bookId],
  };
}

/**
 * The member borrowed the title: their active hold on it is fulfilled by the loan. Returns the copy
 * it had set aside, if any (to pass on when the loan took another copy).
 */
export function fulfilHoldStatement(
  userId: string,
  bookId: string,
  loanId: string,
): SqlStatement<{ setAsideCopyId: string | null }> {
  return {
    text: `UPDATE holds SET status = 'fulfilled', loan_id = $3, closed_at = now(), updated_at = now()
      WHERE user_id = $1 AND book_id = $2 AND status IN ('waiting', 'ready')
      RETURNING copy_id AS "setAsideCopyId"`,
    values: [userId, bookId, loanId],
  };
}
