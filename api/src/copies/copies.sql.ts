import type { ItemType } from '../circulation-rules/circulation-terms.js';
import { assignmentsOf, type SqlStatement } from '../database/sql.js';
import type { CopyRow } from './copy.view.js';
import type { CopyChanges } from './dto/update-copy.dto.js';

/** The columns of `CopyRow`. */
const COPY_COLUMNS = `id, book_id AS "bookId", barcode, status, item_type AS "itemType", created_at AS "createdAt",
  updated_at AS "updatedAt"`;

/**
 * Adds a copy to a book that is not deleted; no row when there is none. `FOR KEY SHARE` waits for a
 * concurrent delete of the book (which holds `FOR UPDATE`) and then sees it deleted.
 */
export function insertCopyStatement(bookId: string, barcode: string, itemType: ItemType): SqlStatement<CopyRow> {
  return {
    text: `INSERT INTO copies (book_id, barcode, item_type)
           SELECT id, $2, $3 FROM books WHERE id = $1 AND deleted_at IS NULL FOR KEY SHARE
           RETURNING ${COPY_COLUMNS}`,
    values: [bookId, barcode, itemType],
  };
}

/**
 * One page of a book's copies with the total, in the order they were added. No row when the book does
 * not exist or is deleted; one row with null copy columns when the page is empty.
 */
export function copyPageStatement(
  bookId: string,
  limit: number,
  offset: number,
): SqlStatement<CopyRow & { readonly total: number }> {
  return {
    text: `SELECT t.total, p.*
           FROM books b
           CROSS JOIN LATERAL (SELECT count(*)::int AS total FROM copies WHERE book_id = b.id) t
           LEFT JOIN LATERAL (
             SELECT ${COPY_COLUMNS} FROM copies WHERE book_id = b.id ORDER BY created_at, id LIMIT $2 OFFSET $3
           ) p ON true
           WHERE b.id = $1 AND b.deleted_at IS NULL
           ORDER BY p."createdAt", p.id`,
    values: [bookId, limit, offset],
  };
}

const CHANGEABLE_COLUMNS: Readonly<Record<keyof CopyChanges, string>> = { status: 'status', itemType: 'item_type' };

/**
 * Changes a copy of a book that is not deleted. A status is only set on a copy that circulation does
 * not hold (on loan, or on the hold shelf for a hold): the condition is part of the UPDATE, so a
 * checkout or a hold racing with it either takes the copy first (and this is refused) or finds it
 * changed. The item type can change at any time (a loan keeps the terms of its checkout).
 */
export function updateCopyStatement(copyId: string, changes: CopyChanges): SqlStatement<CopyRow> {
  const values: unknown[] = [copyId];
  const assignments = assignmentsOf(CHANGEABLE_COLUMNS, changes, values);
  const free = changes.status === undefined ? '' : `AND c.status NOT IN ('on_loan', 'on_hold_shelf')`;
  return {
    text: `UPDATE copies c SET ${assignments.join(', ')}, updated_at = now()
           FROM books b
           WHERE c.id = $1 AND b.id = c.book_id AND b.deleted_at IS NULL ${free}
           RETURNING c.id, c.book_id AS "bookId", c.barcode, c.status, c.item_type AS "itemType",
             c.created_at AS "createdAt", c.updated_at AS "updatedAt"`,
    values,
  };
}

/** The status of a copy of a book that is not deleted. */
export function copyStatusStatement(copyId: string): SqlStatement<Pick<CopyRow, 'status'>> {
  return {
    text: `SELECT c.status FROM copies c JOIN books b ON b.id = c.book_id AND b.deleted_at IS NULL WHERE c.id = $1`,
    values: [copyId],
  };
}
