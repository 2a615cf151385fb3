import { EntityManager, type DataSource } from 'typeorm';

/**
 * A statement and its positional parameters (`$1`, `$2`, …), ready for the driver (and for EXPLAIN in
 * tests). Values only ever travel in `values`; `text` is built from constants.
 */
export interface SqlStatement<Row = unknown> {
  readonly text: string;
  readonly values: readonly unknown[];
  /** Never set: carries the row type from the statement's builder to `queryRows`. */
  readonly row?: Row;
}

/** Where a statement runs: the pool, or the manager a `DataSource.transaction` callback was given. */
export type SqlTarget = DataSource | EntityManager;

/**
 * Runs one statement and returns its rows, whatever the statement: TypeORM's `query` answers an
 * `UPDATE … RETURNING` with `[rows, count]` instead of rows, its structured result does not.
 * Outside a transaction a pooled connection is borrowed for this statement only.
 */
export async function queryRows<Row>(target: SqlTarget, statement: SqlStatement<Row>): Promise<Row[]> {
  const transaction = target instanceof EntityManager ? target.queryRunner : undefined;
  const runner = transaction ?? (target instanceof EntityManager ? target.connection : target).createQueryRunner();
  try {
    const result = await runner.query(statement.text, [...statement.values], true);
    return result.records as Row[];
  } finally {
    if (!transaction) await runner.release();
  }
}

/** The first row of a statement, or `undefined` when it returned none. */
export async function queryFirstRow<Row>(target: SqlTarget, statement: SqlStatement<Row>): Promise<Row | undefined> {
  const [first] = await queryRows(target, statement);
  return first;
}

/**
 * The `column = $n` assignments of an UPDATE for the fields of `changes` that are not `undefined`, the
 * column names taken from the fixed map `columns` (never from the request). Each value is pushed onto
 * `values` and numbered after the parameters already there. Empty when nothing is to be set.
 */
export function assignmentsOf<Field extends string>(
  columns: Readonly<Record<Field, string>>,
  changes: { readonly [Key in Field]?: unknown },
  values: unknown[],
): string[] {
  const assignments: string[] = [];
  for (const [field, column] of Object.entries(columns) as [Field, string][]) {
    if (changes[field] === undefined) continue;
    values.push(changes[field]);
    assignments.push(`${column} = $${values.length}`);
  }
  return assignments;
}
