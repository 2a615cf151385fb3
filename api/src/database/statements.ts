import type { DataSource, QueryRunner } from 'typeorm';

/** A statement and its positional parameters, ready for the driver. */
export interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
}

/** What a statement runs on: the pool, or the query runner of an open transaction. */
export type Executor = DataSource | QueryRunner;

/** The rows of any statement (an `UPDATE … RETURNING` included), on the pool or inside a transaction. */
export async function rowsOf<T>(executor: Executor, statement: Statement): Promise<T[]> {
  const pooled = 'createQueryRunner' in executor;
  const runner = pooled ? executor.createQueryRunner() : executor;
  try {
    return (await runner.query(statement.text, [...statement.values], true)).records as T[];
  } finally {
    if (pooled) await runner.release();
  }
}

/** The first row of a statement, or undefined. */
export async function rowOf<T>(executor: Executor, statement: Statement): Promise<T | undefined> {
  return (await rowsOf<T>(executor, statement))[0];
}
