import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { bookNotFound } from '../books/book-errors.js';
import { isUniqueViolation } from '../common/database-errors.js';
import { pageOf, type Page, type PaginationQuery } from '../common/pagination.js';
import { conflict, notFound } from '../common/problem.js';
import { generateBarcode } from './barcode.js';
import { COPY_COLUMNS, CopyView, type CopyRow } from './copy.view.js';
import type { SettableCopyStatus } from './dto/update-copy.dto.js';

/** A generated barcode colliding even twice in a row would mean the generator is broken. */
const GENERATED_BARCODE_ATTEMPTS = 3;

@Injectable()
export class CopiesService {
  constructor(private readonly db: DataSource) {}

  /**
   * Adds a copy to a book that is not deleted. `FOR KEY SHARE` waits for a concurrent delete of the
   * book (which holds `FOR UPDATE`) and then sees it deleted, so no copy is added to a deleted book.
   */
  async create(bookId: string, barcode?: string): Promise<CopyView> {
    for (let attempt = 1; ; attempt++) {
      try {
        const rows: CopyRow[] = await this.db.query(
          `INSERT INTO copies (book_id, barcode)
           SELECT id, $2 FROM books WHERE id = $1 AND deleted_at IS NULL FOR KEY SHARE
           RETURNING ${COPY_COLUMNS}`,
          [bookId, barcode ?? generateBarcode()],
        );
        if (rows.length === 0) throw bookNotFound();
        return CopyView.of(rows[0]);
      } catch (error) {
        if (!isUniqueViolation(error, 'copies_barcode_key')) throw error;
        if (barcode !== undefined) throw conflict('BARCODE_TAKEN', 'Another copy already has this barcode.');
        if (attempt >= GENERATED_BARCODE_ATTEMPTS) throw error;
      }
    }
  }

  /** The copies of a book that is not deleted, in the order they were added, withdrawn ones included. */
  async listForBook(bookId: string, query: PaginationQuery): Promise<Page<CopyView>> {
    const rows: (CopyRow & { total: number })[] = await this.db.query(
      `SELECT t.total, p.*
       FROM books b
       CROSS JOIN LATERAL (SELECT count(*)::int AS total FROM copies WHERE book_id = b.id) t
       LEFT JOIN LATERAL (
         SELECT ${COPY_COLUMNS} FROM copies WHERE book_id = b.id ORDER BY created_at, id LIMIT $2 OFFSET $3
       ) p ON true
       WHERE b.id = $1 AND b.deleted_at IS NULL
       ORDER BY p."createdAt", p.id`,
      [bookId, query.limit, query.offset],
    );
    if (rows.length === 0) throw bookNotFound();
    return pageOf(rows.filter((row) => row.id !== null).map(CopyView.of), rows[0].total, query);
  }

  /**
   * Sets a librarian status. The condition `status <> 'on_loan'` is part of the UPDATE itself, so a
   * checkout racing with this call either lends the copy first (and this is refused) or finds it changed.
   */
  async setStatus(copyId: string, status: SettableCopyStatus): Promise<CopyView> {
    const rows: CopyRow[] = await this.db.query(
      `WITH updated AS (
         UPDATE copies c SET status = $2, updated_at = now()
         FROM books b
         WHERE c.id = $1 AND b.id = c.book_id AND b.deleted_at IS NULL AND c.status <> 'on_loan'
         RETURNING c.id, c.book_id AS "bookId", c.barcode, c.status, c.created_at AS "createdAt", c.updated_at AS "updatedAt"
       ) SELECT * FROM updated`,
      [copyId, status],
    );
    if (rows.length > 0) return CopyView.of(rows[0]);
    const [current]: { status: string }[] = await this.db.query(
      `SELECT c.status FROM copies c JOIN books b ON b.id = c.book_id AND b.deleted_at IS NULL WHERE c.id = $1`,
      [copyId],
    );
    if (!current) throw notFound('COPY_NOT_FOUND', 'No copy with this id.');
    throw conflict('COPY_ON_LOAN', 'This copy is on loan; its status changes when it is returned.');
  }
}
