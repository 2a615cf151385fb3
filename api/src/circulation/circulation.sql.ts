import type { SqlStatement } from '../database/sql.js';

/** A copy of a book that is not deleted, by its barcode. */
export function copyByBarcodeStatement(barcode: string): SqlStatement<{ id: string; bookId: string }> {
  return {
    text: `SELECT c.id, c.book_id AS "bookId" FROM copies c JOIN books b ON b.id = c.book_id AND b.deleted_at IS NULL
      WHERE c.barcode = $1`,
    values: [barcode],
  };
}

export function userByCardStatement(cardNumber: string): SqlStatement<{ id: string }> {
  return { text: `SELECT id FROM users WHERE card_number = $1`, values: [cardNumber] };
}

export function activeLoanOfCopyStatement(copyId: string): SqlStatement<{ id: string }> {
  return { text: `SELECT id FROM loans WHERE copy_id = $1 AND returned_at IS NULL`, values: [copyId] };
}
