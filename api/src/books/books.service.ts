import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors.js';
import { pageOf, type Page } from '../common/pagination.js';
import { queryFirstRow, queryRows } from '../database/sql.js';
import { bookHasActiveLoans, bookNotFound, isbnTaken } from './book-errors.js';
import { BookView } from './book.view.js';
import {
  bookByIdStatement,
  bookOnLoanStatement,
  bookPageStatement,
  cancelHoldsOfBookStatement,
  insertBookStatement,
  lockBookStatement,
  lockCopiesOfBookStatement,
  softDeleteBookStatement,
  updateBookStatement,
  withdrawCopiesOfBookStatement,
} from './books.sql.js';
import type { BooksQuery } from './dto/books.query.js';
import type { CreateBookDto } from './dto/create-book.dto.js';
import type { UpdateBookDto } from './dto/update-book.dto.js';
import { normalizeIsbn } from './isbn.js';

/** The DTOs' `@IsIsbn` has already refused any text that does not normalize to an ISBN-13. */
function isbn13(isbn: string): string {
  const normalized = normalizeIsbn(isbn);
  if (normalized === null) throw new Error(`The ISBN '${isbn}' passed validation but does not normalize.`);
  return normalized;
}

/** Catalogue reads and writes in plain SQL: one statement per read, counts aggregated in the database. */
@Injectable()
export class BooksService {
  constructor(private readonly db: DataSource) {}

  async list(query: BooksQuery): Promise<Page<BookView>> {
    const rows = await queryRows(this.db, bookPageStatement(query, query.limit, query.offset));
    const total = rows[0]?.total ?? 0;
    const items = rows.filter((row) => row.id !== null).map(BookView.of);
    return pageOf(items, total, query);
  }

  async get(id: string): Promise<BookView> {
    const row = await queryFirstRow(this.db, bookByIdStatement(id));
    if (!row) throw bookNotFound();
    return BookView.of(row);
  }

  async create(input: CreateBookDto): Promise<BookView> {
    try {
      const book = { ...input, isbn: isbn13(input.isbn), publishedYear: input.publishedYear ?? null };
      const [row] = await queryRows(this.db, insertBookStatement(book));
      return await this.get(row.id);
    } catch (error) {
      if (isUniqueViolation(error, 'books_isbn_key')) throw isbnTaken();
      throw error;
    }
  }

  async update(id: string, input: UpdateBookDto): Promise<BookView> {
    const statement = updateBookStatement(id, {
      isbn: input.isbn === undefined ? undefined : isbn13(input.isbn),
      title: input.title,
      author: input.author,
      publishedYear: input.publishedYear,
    });
    if (statement) {
      try {
        const updated = await queryRows(this.db, statement);
        if (updated.length === 0) throw bookNotFound();
      } catch (error) {
        if (isUniqueViolation(error, 'books_isbn_key')) throw isbnTaken();
        throw error;
      }
    }
    return this.get(id);
  }

  /**
   * Soft delete: the book disappears from the catalogue, its copies are withdrawn, its holds cancelled, its loan history
   * stays. The copies are locked before the book, in the order a checkout locks them (copy, then
   * book), so a checkout racing with the delete either commits first (and the delete is refused) or
   * finds no copy to lend, and the two never deadlock.
   */
  async remove(id: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      await queryRows(manager, lockCopiesOfBookStatement(id));
      if (!(await queryFirstRow(manager, lockBookStatement(id)))) throw bookNotFound();
      const standing = await queryFirstRow(manager, bookOnLoanStatement(id));
      if (standing?.onLoan) throw bookHasActiveLoans();
      await queryRows(manager, withdrawCopiesOfBookStatement(id));
      await queryRows(manager, softDeleteBookStatement(id));
      await queryRows(manager, cancelHoldsOfBookStatement(id));
    });
  }
}
