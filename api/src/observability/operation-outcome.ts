import { ProblemError } from '../common/problem.js';

/** How an operation ended, as the `outcome` label of the operation counters. */
export type OperationOutcome = 'success' | 'rejected' | 'error';

/**
 * Runs `work` and records how it ended: `success`, `rejected` (a problem the API answers with a
 * 4xx) or `error` (anything else); the result or the error passes through unchanged.
 */
export async function recordOutcome<T>(
  work: () => Promise<T>,
  record: (outcome: OperationOutcome) => void,
): Promise<T> {
  try {
    const result = await work();
    record('success');
    return result;
  } catch (error) {
    record(error instanceof ProblemError && error.status < 500 ? 'rejected' : 'error');
    throw error;
  }
}
