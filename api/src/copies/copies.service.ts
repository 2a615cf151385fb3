import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { bookNotFound } from '../books/book-errors.js';
import { isUniqueViolation } from '../common/database-errors.js';
import { pageOf, type Page, type PaginationQuery } from '../common/pagination.js';
import { queryFirstRow, queryRows } from '../database/sql.js';
import { generateBarcode } from './barcode.js';
import type { ItemType } from '../circulation-rules/circulation-terms.js';
import { badRequest, conflict, notFound } from '../common/problem.js';
import { copyPageStatement, copyStatusStatement, insertCopyStatement, updateCopyStatement } from './copies.sql.js';
import { CopyView } from './copy.view.js';
import type { CopyChanges } from './dto/update-copy.dto.js';

/** A generated barcode colliding even twice in a row would mean the generator is broken. */
const GENERATED_BARCODE_ATTEMPTS = 3;

@Injectable()
export class CopiesService {
  constructor(private readonly db: DataSource) {}

  /**
   * Adds a copy to a book that is not deleted. `FOR KEY SHARE` waits for a concurrent delete of the
   * book (which holds `FOR UPDATE`) and then sees it deleted, so no copy is added to a deleted book.
   */
  async create(bookId: string, barcode?: string, itemType: ItemType = 'book'): Promise<CopyView> {
    for (let attempt = 1; ; attempt++) {
      try {
        const row = await queryFirstRow(this.db, insertCopyStatement(bookId, barcode ?? generateBarcode(), itemType));
        if (!row) throw bookNotFound();
        return CopyView.of(row);
      } catch (error) {
        if (!isUniqueViolation(error, 'copies_barcode_key')) throw error;
        if (barcode !== undefined) throw conflict('BARCODE_TAKEN', 'Another copy already has this barcode.');
        if (attempt >= GENERATED_BARCODE_ATTEMPTS) throw error;
      }
    }
  }

  /** The copies of a book that is not deleted, in the order they were added, withdrawn ones included. */
  async listForBook(bookId: string, query: PaginationQuery): Promise<Page<CopyView>> {
    const rows = await queryRows(this.db, copyPageStatement(bookId, query.limit, query.offset));
    if (rows.length === 0) throw bookNotFound();
    return pageOf(rows.filter((row) => row.id !== null).map(CopyView.of), rows[0].total, query);
  }

  /** A librarian's change of status or item type (`updateCopyStatement` says when a status is refused). */
  async update(copyId: string, changes: CopyChanges): Promise<CopyView> {
    if (changes.status === undefined && changes.itemType === undefined) {
      throw badRequest('VALIDATION_FAILED', 'Send status, itemType or both.', [
        { field: 'status', message: 'at least one of status and itemType is required' },
      ]);
    }
    const updated = await queryFirstRow(this.db, updateCopyStatement(copyId, changes));
    if (updated) return CopyView.of(updated);
    const current = await queryFirstRow(this.db, copyStatusStatement(copyId));
    if (!current) throw notFound('COPY_NOT_FOUND', 'No copy with this id.');
    if (current.status === 'on_hold_shelf') {
      throw conflict('COPY_RESERVED', 'This copy is set aside for a hold; cancel the hold to change its status.');
    }
    throw conflict('COPY_ON_LOAN', 'This copy is on loan; its status changes when it is returned.');
  }
}
