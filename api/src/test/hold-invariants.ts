import { sql } from './actors.js';
import type { TestStack } from './api-process.js';

/**
 * What must hold for a title's queue whatever raced: a copy is on the hold shelf exactly when one
 * ready hold has it, no copy serves two holds, no copy sits on the shelf while a hold it could fill
 * waits, and a lent copy is lent to one member. Returns the broken rules (none: []).
 */
export async function queueViolations(stack: TestStack, bookId: string): Promise<string[]> {
  const copies = await sql<{ id: string; status: string; ready: number; loans: number }>(
    stack,
    `SELECT c.id, c.status,
       (SELECT count(*)::int FROM holds h WHERE h.copy_id = c.id AND h.status = 'ready') AS ready,
       (SELECT count(*)::int FROM loans l WHERE l.copy_id = c.id AND l.returned_at IS NULL) AS loans
     FROM copies c WHERE c.book_id = $1`,
    [bookId],
  );
  const [{ waiting }] = await sql<{ waiting: number }>(
    stack,
    `SELECT count(*)::int AS waiting FROM holds WHERE book_id = $1 AND status = 'waiting'`,
    [bookId],
  );
  const violations: string[] = [];
  for (const copy of copies) {
    if ((copy.status === 'on_hold_shelf') !== (copy.ready === 1) || copy.ready > 1) {
      violations.push(`copy ${copy.id} is ${copy.status} with ${copy.ready} ready holds`);
    }
    if ((copy.status === 'on_loan') !== (copy.loans === 1) || copy.loans > 1) {
      violations.push(`copy ${copy.id} is ${copy.status} with ${copy.loans} active loans`);
    }
    if (copy.status === 'available' && waiting > 0) {
      violations.push(`copy ${copy.id} is on the shelf while ${waiting} holds wait`);
    }
  }
  return violations;
}

/** The positions of a title's waiting holds, in queue order: 1…n when the queue is consistent. */
export async function queuePositions(stack: TestStack, bookId: string): Promise<number[]> {
  const rows = await sql<{ position: number }>(
    stack,
    `SELECT row_number() OVER (ORDER BY queue_number)::int AS position FROM holds
     WHERE book_id = $1 AND status = 'waiting' ORDER BY queue_number`,
    [bookId],
  );
  return rows.map((row) => row.position);
}
