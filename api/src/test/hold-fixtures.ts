import { sql, type Actor } from './actors.js';
import type { TestStack } from './api-process.js';
import type { HttpResponse } from './http.js';

/** Puts every copy of a book on loan to a borrower, straight in the database, so holds must wait. */
export async function lendAllCopies(stack: TestStack, bookId: string, borrowerId: string): Promise<string[]> {
  const loans = await sql<{ id: string }>(
    stack,
    `WITH lent AS (
       UPDATE copies SET status = 'on_loan' WHERE book_id = $1 AND status = 'available' RETURNING id, book_id)
     INSERT INTO loans (user_id, book_id, copy_id, due_at)
     SELECT $2, book_id, id, now() + interval '14 days' FROM lent RETURNING id`,
    [bookId, borrowerId],
  );
  return loans.map((loan) => loan.id);
}

/** Moves a ready hold's pickup date into the past, as if the days had gone by. */
export function passPickupDate(stack: TestStack, holdId: string): Promise<unknown> {
  return sql(stack, `UPDATE holds SET pickup_by = now() - interval '1 minute' WHERE id = $1`, [holdId]);
}

export function placeHold(stack: TestStack, actor: Actor, body: Record<string, unknown>): Promise<HttpResponse> {
  return stack.api.request('POST', '/api/v1/holds', { token: actor.token, body });
}

export async function copyStatus(stack: TestStack, copyId: string): Promise<string> {
  const [row] = await sql<{ status: string }>(stack, 'SELECT status FROM copies WHERE id = $1', [copyId]);
  return row.status;
}
