import { randomInt, randomUUID } from 'node:crypto';
import { sql } from './actors.js';
import type { TestStack } from './api-process.js';

export interface TestBook {
  readonly bookId: string;
  readonly copyIds: readonly string[];
}

/** A book with `copies` available copies, written straight into the database. */
export async function addBook(stack: TestStack, copies = 1): Promise<TestBook> {
  const isbn = `978${String(randomInt(0, 10_000_000_000)).padStart(10, '0')}`;
  const [book] = await sql<{ id: string }>(
    stack,
    `INSERT INTO books (isbn, title, author) VALUES ($1, $2, 'Test Author') RETURNING id`,
    [isbn, `Loan test ${isbn}`],
  );
  const rows = await sql<{ id: string }>(
    stack,
    `INSERT INTO copies (book_id, barcode)
     SELECT $1, $2 || '-' || n FROM generate_series(1, $3::int) AS n
     RETURNING id`,
    [book.id, randomUUID(), copies],
  );
  return { bookId: book.id, copyIds: rows.map((row) => row.id) };
}
