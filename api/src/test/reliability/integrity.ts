import { sql } from '../actors.js';
import type { TestStack } from '../api-process.js';

export interface LoanIntegrity {
  /** Copies held by more than one active loan. */
  readonly doubleLentCopies: number;
  /** Copies marked `on_loan` with no active loan: a checkout half done. */
  readonly onLoanWithoutActiveLoan: number;
  /** Active loans whose copy is not marked `on_loan`: a checkout half done the other way. */
  readonly activeLoanWithoutOnLoanCopy: number;
  readonly activeLoans: number;
}

/** The invariant every checkout and return keeps: a copy is `on_loan` exactly when one active loan holds it. */
export async function loanIntegrity(stack: TestStack): Promise<LoanIntegrity> {
  const [row] = await sql(
    stack,
    `SELECT
       (SELECT count(*)::int FROM (SELECT copy_id FROM loans WHERE returned_at IS NULL
          GROUP BY copy_id HAVING count(*) > 1) AS d) AS "doubleLentCopies",
       (SELECT count(*)::int FROM copies c WHERE c.status = 'on_loan' AND NOT EXISTS
          (SELECT 1 FROM loans l WHERE l.copy_id = c.id AND l.returned_at IS NULL)) AS "onLoanWithoutActiveLoan",
       (SELECT count(*)::int FROM loans l JOIN copies c ON c.id = l.copy_id
          WHERE l.returned_at IS NULL AND c.status <> 'on_loan') AS "activeLoanWithoutOnLoanCopy",
       (SELECT count(*)::int FROM loans WHERE returned_at IS NULL) AS "activeLoans"`,
  );
  return row;
}

export const INTACT = { doubleLentCopies: 0, onLoanWithoutActiveLoan: 0, activeLoanWithoutOnLoanCopy: 0 };
