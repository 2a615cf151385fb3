import type pg from 'pg';
import type { SqlStatement } from '../database/sql.js';

/** Runs one of our statements on a node-postgres pool or client (the worker has no TypeORM). */
export async function run<Row>(target: pg.Pool | pg.ClientBase, statement: SqlStatement<Row>): Promise<Row[]> {
  const result = await target.query(statement.text, [...statement.values]);
  return result.rows as Row[];
}
