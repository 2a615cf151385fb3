import { assignmentsOf, type SqlStatement } from '../database/sql.js';
import { looksLikeIsbn, normalizeIsbn } from './isbn.js';

// The benchmark's baseline server (bench/baseline-server.ts) runs these statements without Nest, and
// the root tsconfig compiles it without decorators: this file imports no decorated module (no view).
export type { SqlStatement } from '../database/sql.js';

/** A book row as the list and detail statements return it (columns aliased to camelCase). */
export interface BookRow {
  readonly id: string;
  readonly isbn: string;
  readonly title: string;
  readonly author: string;
  readonly publishedYear: number | null;
  readonly copiesTotal: number;
  readonly copiesAvailable: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface BookFilters {
  /** Full-text words over title, author and ISBN, each matched as a prefix. */
  readonly q?: string;
  /** Exact author, case-insensitive. */
  readonly author?: string;
  /** Only books with at least one copy on the shelf. */
  readonly available?: boolean;
}

/** Hostile input is cut down before it reaches the text-search parser. */
const MAX_SEARCH_WORDS = 8;
const MAX_WORD_LENGTH = 64;

/**
 * A `to_tsquery` string matching every word of `text` as a prefix (`dun:* & herb:*`), built only from
 * letters and digits so no operator of the tsquery syntax can be smuggled in; `null` when no word is left.
 */
export function prefixTsQuery(text: string): string | null {
  const words =
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words
    .slice(0, MAX_SEARCH_WORDS)
    .map((word) => `${word.slice(0, MAX_WORD_LENGTH)}:*`)
    .join(' & ');
}

/** The book columns every response carries, with the copy counts from the lateral `c`. */
const BOOK_COLUMNS = `b.id, b.isbn, b.title, b.author, b.published_year AS "publishedYear",
  c.total AS "copiesTotal", c.available AS "copiesAvailable", b.created_at AS "createdAt", b.updated_at AS "updatedAt"`;

/** One aggregate over the copies of one book (index `copies_book_status_idx`), never a query per copy. */
const COPY_COUNTS = `CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE status <> 'withdrawn')::int AS total,
           count(*) FILTER (WHERE status = 'available')::int AS available
    FROM copies WHERE book_id = b.id
  ) c`;

/** A book that is not deleted, with its copy counts. */
export function bookByIdStatement(id: string): SqlStatement<BookRow> {
  return {
    text: `SELECT ${BOOK_COLUMNS} FROM books b ${COPY_COUNTS} WHERE b.id = $1 AND b.deleted_at IS NULL`,
    values: [id],
  };
}

function whereClause(filters: BookFilters, values: unknown[]): string {
  const conditions = ['b.deleted_at IS NULL'];
  if (filters.q !== undefined) {
    const tsquery = prefixTsQuery(filters.q);
    const isbn = looksLikeIsbn(filters.q) ? normalizeIsbn(filters.q) : null;
    const matches: string[] = [];
    if (tsquery) {
      values.push(tsquery);
      matches.push(`b.search @@ to_tsquery('simple', $${values.length})`);
    }
    if (isbn) {
      values.push(isbn);
      matches.push(`b.isbn = $${values.length}`);
    }
    conditions.push(matches.length > 0 ? `(${matches.join(' OR ')})` : 'false');
  }
  if (filters.author !== undefined) {
    values.push(filters.author);
    conditions.push(`lower(b.author) = lower($${values.length})`);
  }
  if (filters.available) {
    conditions.push(`EXISTS (SELECT 1 FROM copies a WHERE a.book_id = b.id AND a.status = 'available')`);
  }
  return conditions.join(' AND ');
}

/**
 * One round trip for a page: the total of matching books, joined with the page itself (ordered by
 * title then id, so pages are stable). The copy counts are computed for the page's rows only. The
 * total row is always there, with null book columns when the page is empty.
 */
export function bookPageStatement(
  filters: BookFilters,
  limit: number,
  offset: number,
): SqlStatement<BookRow & { readonly total: number }> {
  const values: unknown[] = [];
  const where = whereClause(filters, values);
  values.push(limit, offset);
  const limitParameter = `$${values.length - 1}`;
  const offsetParameter = `$${values.length}`;
  const text = `
    SELECT t.total, p.*
    FROM (SELECT count(*)::int AS total FROM books b WHERE ${where}) t
    LEFT JOIN LATERAL (
      SELECT ${BOOK_COLUMNS}
      FROM (
        SELECT b.id, b.isbn, b.title, b.author, b.published_year, b.created_at, b.updated_at
        FROM books b WHERE ${where}
        ORDER BY b.title, b.id LIMIT ${limitParameter} OFFSET ${offsetParameter}
      ) b
      ${COPY_COUNTS}
    ) p ON true
    ORDER BY p.title, p.id`;
  return { text, values };
}

/** The columns a book is created with; the ISBN already normalized to ISBN-13. */
export interface NewBook {
  readonly isbn: string;
  readonly title: string;
  readonly author: string;
  readonly publishedYear: number | null;
}

export function insertBookStatement(book: NewBook): SqlStatement<{ readonly id: string }> {
  return {
    text: `INSERT INTO books (isbn, title, author, published_year) VALUES ($1, $2, $3, $4) RETURNING id`,
    values: [book.isbn, book.title, book.author, book.publishedYear],
  };
}

/** The columns a PATCH may change: a field left `undefined` keeps its value, `publishedYear: null` clears it. */
export type BookChanges = { readonly [Field in keyof NewBook]?: NewBook[Field] };

const CHANGEABLE_COLUMNS: Readonly<Record<keyof NewBook, string>> = {
  isbn: 'isbn',
  title: 'title',
  author: 'author',
  publishedYear: 'published_year',
};

/** Sets the given columns of a book that is not deleted; `undefined` when there is nothing to set. */
export function updateBookStatement(
  id: string,
  changes: BookChanges,
): SqlStatement<{ readonly id: string }> | undefined {
  const values: unknown[] = [id];
  const assignments = assignmentsOf(CHANGEABLE_COLUMNS, changes, values);
  if (assignments.length === 0) return undefined;
  return {
    text: `UPDATE books SET ${assignments.join(', ')}, updated_at = now()
           WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
    values,
  };
}

/** Locks every copy of a book, in id order (the order a checkout's copy lock and a delete agree on). */
export function lockCopiesOfBookStatement(bookId: string): SqlStatement<{ readonly id: string }> {
  return { text: `SELECT id FROM copies WHERE book_id = $1 ORDER BY id FOR UPDATE`, values: [bookId] };
}

/** Locks a book that is not deleted; no row when there is none. */
export function lockBookStatement(id: string): SqlStatement<{ readonly id: string }> {
  return { text: `SELECT id FROM books WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`, values: [id] };
}

/** A deleted title's holds can never be filled: they end with it (its copies are withdrawn). */
export function cancelHoldsOfBookStatement(bookId: string): SqlStatement<{ readonly id: string }> {
  return {
    text: `UPDATE holds SET status = 'cancelled', closed_at = now(), updated_at = now()
           WHERE book_id = $1 AND status IN ('waiting', 'ready') RETURNING id`,
    values: [bookId],
  };
}

/** Whether any copy of the book is out: an active loan, or a copy marked on loan. */
export function bookOnLoanStatement(id: string): SqlStatement<{ readonly onLoan: boolean }> {
  return {
    text: `SELECT EXISTS (SELECT 1 FROM loans WHERE book_id = $1 AND returned_at IS NULL)
               OR EXISTS (SELECT 1 FROM copies WHERE book_id = $1 AND status = 'on_loan') AS "onLoan"`,
    values: [id],
  };
}

export function withdrawCopiesOfBookStatement(bookId: string): SqlStatement<{ readonly id: string }> {
  return {
    text: `UPDATE copies SET status = 'withdrawn', updated_at = now()
           WHERE book_id = $1 AND status <> 'withdrawn' RETURNING id`,
    values: [bookId],
  };
}

export function softDeleteBookStatement(id: string): SqlStatement<{ readonly id: string }> {
  return { text: `UPDATE books SET deleted_at = now(), updated_at = now() WHERE id = $1 RETURNING id`, values: [id] };
}
