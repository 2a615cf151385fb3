import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { startPostgres, type TestPostgres } from '../test/postgres.js';
import { queryFirstRow, queryRows, type SqlStatement } from './sql.js';

let postgres: TestPostgres;
let db: DataSource;

const counters = (): SqlStatement<{ name: string; value: number }> => ({
  text: `SELECT name, value FROM counters ORDER BY name`,
  values: [],
});
const bump = (name: string): SqlStatement<{ value: number }> => ({
  text: `UPDATE counters SET value = value + 1 WHERE name = $1 RETURNING value`,
  values: [name],
});

beforeAll(async () => {
  postgres = await startPostgres();
  db = await new DataSource({ type: 'postgres', url: postgres.url }).initialize();
  await db.query(`CREATE TABLE counters (name text PRIMARY KEY, value int NOT NULL)`);
  await db.query(`INSERT INTO counters VALUES ('a', 0), ('b', 10)`);
}, 90_000);

afterAll(async () => {
  await db?.destroy();
  await postgres?.destroy();
});

describe('queryRows', () => {
  it('returns the rows of a SELECT, in order, with the parameters bound', async () => {
    expect(await queryRows(db, counters())).toEqual([
      { name: 'a', value: 0 },
      { name: 'b', value: 10 },
    ]);
  });

  it('returns the rows of an UPDATE … RETURNING, and none when it matched nothing', async () => {
    expect(await queryRows(db, bump('b'))).toEqual([{ value: 11 }]);
    expect(await queryRows(db, bump('missing'))).toEqual([]);
    expect(await queryFirstRow(db, bump('missing'))).toBeUndefined();
  });

  it('runs inside the transaction it is given, so a rollback undoes its statements', async () => {
    const failure = new Error('roll back');
    await expect(
      db.transaction(async (manager) => {
        expect(await queryFirstRow(manager, bump('a'))).toEqual({ value: 1 });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await queryFirstRow(db, counters())).toEqual({ name: 'a', value: 0 });
  });

  it('never splices a value into the text: a hostile value is only a value', async () => {
    expect(await queryRows(db, bump(`a' OR true --`))).toEqual([]);
    expect((await queryRows(db, counters())).map((row) => row.value)).toEqual([0, 11]);
  });
});
