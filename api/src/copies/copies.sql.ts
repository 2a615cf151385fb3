import type { SqlStatement } from '../database/sql.js';
import type { CopyRow } from './copy.view.js';
import type { SettableCopyStatus } from './dto/update-copy.dto.js';

/** The columns of `CopyRow`. */
const COPY_COLUMNS = `id, book_id AS "bookId", barcode, status, created_at AS "createdAt", updated_at AS "updatedAt"`;

/**
 * Adds a copy to a book that is not deleted; no row when there is none. `FOR KEY SHARE` waits for a
 * concurrent delete of the book (which holds `FOR UPDATE`) and then sees it deleted.
 */
export function insertCopyStatement(bookId: string, barcode: string): SqlStatement<CopyRow> {
  return {
    text: `INSERT INTO copies (book_id, barcode)
           SELECT id, $2 FROM books WHERE id = $1 AND deleted_at IS NULL FOR KEY SHARE
           RETURNING ${COPY_COLUMNS}`,
    values: [bookId, barcode],
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

/** Sets a librarian status on a copy of a book that is not deleted, unless the copy is on loan. */
export function setCopyStatusStatement(copyId: string, status: SettableCopyStatus): SqlStatement<CopyRow> {
  return {
    text: `UPDATE copies c SET status = $2, updated_at = now()
           FROM books b
           WHERE c.id = $1 AND b.id = c.book_id AND b.deleted_at IS NULL AND c.status <> 'on_loan'
           RETURNING c.id, c.book_id AS "bookId", c.barcode, c.status, c.created_at AS "createdAt",
             c.updated_at AS "updatedAt"`,
    values: [copyId, status],
  };
}

/** The status of a copy of a book that is not deleted. */
export function copyStatusStatement(copyId: string): SqlStatement<Pick<CopyRow, 'status'>> {
  return {
    text: `SELECT c.status FROM copies c JOIN books b ON b.id = c.book_id AND b.deleted_at IS NULL WHERE c.id = $1`,
    values: [copyId],
  };
}
