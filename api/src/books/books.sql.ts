import { looksLikeIsbn, normalizeIsbn } from './isbn.js';

/** A statement and its positional parameters, ready for the driver (and for EXPLAIN in tests). */
export interface SqlStatement {
  readonly text: string;
  readonly values: readonly unknown[];
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
export function bookByIdStatement(id: string): SqlStatement {
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
export function bookPageStatement(filters: BookFilters, limit: number, offset: number): SqlStatement {
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
