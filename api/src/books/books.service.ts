import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors.js';
import { pageOf, type Page } from '../common/pagination.js';
import { bookHasActiveLoans, bookNotFound, isbnTaken } from './book-errors.js';
import { BookView, type BookRow } from './book.view.js';
import { bookByIdStatement, bookPageStatement } from './books.sql.js';
import type { BooksQuery } from './dto/books.query.js';
import type { CreateBookDto } from './dto/create-book.dto.js';
import type { UpdateBookDto } from './dto/update-book.dto.js';
import { normalizeIsbn } from './isbn.js';

/** Catalogue reads and writes in plain SQL: one statement per read, counts aggregated in the database. */
@Injectable()
export class BooksService {
  constructor(private readonly db: DataSource) {}

  async list(query: BooksQuery): Promise<Page<BookView>> {
    const statement = bookPageStatement(query, query.limit, query.offset);
    const rows: (BookRow & { total: number })[] = await this.db.query(statement.text, [...statement.values]);
    const total = rows[0]?.total ?? 0;
    const items = rows.filter((row) => row.id !== null).map(BookView.of);
    return pageOf(items, total, query);
  }

  async get(id: string): Promise<BookView> {
    const statement = bookByIdStatement(id);
    const [row]: BookRow[] = await this.db.query(statement.text, [...statement.values]);
    if (!row) throw bookNotFound();
    return BookView.of(row);
  }

  async create(input: CreateBookDto): Promise<BookView> {
    try {
      const [row]: { id: string }[] = await this.db.query(
        `INSERT INTO books (isbn, title, author, published_year) VALUES ($1, $2, $3, $4) RETURNING id`,
        [normalizeIsbn(input.isbn), input.title, input.author, input.publishedYear ?? null],
      );
      return await this.get(row.id);
    } catch (error) {
      if (isUniqueViolation(error, 'books_isbn_key')) throw isbnTaken();
      throw error;
    }
  }

  async update(id: string, input: UpdateBookDto): Promise<BookView> {
    const columns: Record<string, unknown> = {};
    if (input.isbn !== undefined) columns.isbn = normalizeIsbn(input.isbn);
    if (input.title !== undefined) columns.title = input.title;
    if (input.author !== undefined) columns.author = input.author;
    if (input.publishedYear !== undefined) columns.published_year = input.publishedYear;
    const names = Object.keys(columns);
    if (names.length > 0) {
      const assignments = names.map((name, index) => `${name} = $${index + 2}`).join(', ');
      try {
        const updated: unknown[] = await this.db.query(
          `WITH updated AS (
             UPDATE books SET ${assignments}, updated_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING id
           ) SELECT id FROM updated`,
          [id, ...Object.values(columns)],
        );
        if (updated.length === 0) throw bookNotFound();
      } catch (error) {
        if (isUniqueViolation(error, 'books_isbn_key')) throw isbnTaken();
        throw error;
      }
    }
    return this.get(id);
  }

  /**
   * Soft delete: the book disappears from the catalogue, its copies are withdrawn, its loan history
   * stays. The copies are locked before the book, in the order a checkout locks them (copy, then
   * book), so a checkout racing with the delete either commits first (and the delete is refused) or
   * finds no copy to lend, and the two never deadlock.
   */
  async remove(id: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      await manager.query(`SELECT id FROM copies WHERE book_id = $1 ORDER BY id FOR UPDATE`, [id]);
      const book: unknown[] = await manager.query(
        `SELECT id FROM books WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`,
        [id],
      );
      if (book.length === 0) throw bookNotFound();
      const [{ onLoan }]: { onLoan: boolean }[] = await manager.query(
        `SELECT EXISTS (SELECT 1 FROM loans WHERE book_id = $1 AND returned_at IS NULL)
             OR EXISTS (SELECT 1 FROM copies WHERE book_id = $1 AND status = 'on_loan') AS "onLoan"`,
        [id],
      );
      if (onLoan) {
        throw bookHasActiveLoans();
      }
      await manager.query(
        `WITH withdrawn AS (
           UPDATE copies SET status = 'withdrawn', updated_at = now() WHERE book_id = $1 AND status <> 'withdrawn' RETURNING id
         ) SELECT count(*) FROM withdrawn`,
        [id],
      );
      await manager.query(
        `WITH deleted AS (UPDATE books SET deleted_at = now(), updated_at = now() WHERE id = $1 RETURNING id)
         SELECT id FROM deleted`,
        [id],
      );
    });
  }
}
