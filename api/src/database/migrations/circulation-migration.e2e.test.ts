import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { QueryRunner } from 'typeorm';
import { isCardNumber } from '../../circulation/card-number.js';
import { startPostgres, type TestPostgres } from '../../test/postgres.js';
import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';
import { Circulation1765000000000 } from './1765000000000-circulation.js';

/** The migrations run through a plain client: only `query` of TypeORM's QueryRunner is used. */
const runnerOf = (client: pg.Client) =>
  ({ query: (text: string, values?: unknown[]) => client.query(text, values) }) as unknown as QueryRunner;

let postgres: TestPostgres;
let client: pg.Client;

beforeAll(async () => {
  postgres = await startPostgres();
  client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  await new InitialSchema1764000000000().up(runnerOf(client));
  // Data from before circulation: two members, a copy, a loan.
  await client.query(
    `INSERT INTO users (email, name, password_hash) VALUES ('a@example.org', 'A', 'x'), ('b@example.org', 'B', 'x')`,
  );
  await client.query(`INSERT INTO books (isbn, title, author) VALUES ('9780000000002', 'T', 'W')`);
  await client.query(`INSERT INTO copies (book_id, barcode) SELECT id, 'OLD-1' FROM books`);
  await client.query(
    `INSERT INTO loans (user_id, book_id, copy_id, due_at)
     SELECT u.id, c.book_id, c.id, now() + interval '14 days' FROM users u, copies c WHERE u.email = 'a@example.org'`,
  );
  await client.query('BEGIN');
  await new Circulation1765000000000().up(runnerOf(client));
  await client.query('COMMIT');
}, 120_000);

afterAll(async () => {
  await client?.end();
  await postgres?.destroy();
});

describe('the circulation migration on existing data', () => {
  it('makes every existing user an adult with a distinct valid card number', async () => {
    const { rows } = await client.query(`SELECT category, card_number FROM users`);
    expect(rows.map((row) => row.category)).toEqual(['adult', 'adult']);
    expect(rows.every((row) => isCardNumber(row.card_number))).toBe(true);
    expect(new Set(rows.map((row) => row.card_number)).size).toBe(2);
  });

  it('makes every existing copy a book', async () => {
    const { rows } = await client.query(`SELECT item_type FROM copies`);
    expect(rows).toEqual([{ item_type: 'book' }]);
  });

  it('gives existing loans the terms they were made under (14 days, 2 renewals, 25 cents a day, capped at 1000)', async () => {
    const { rows } = await client.query(
      `SELECT loan_days, max_renewals, fine_cents_per_day, fine_cap_cents FROM loans`,
    );
    expect(rows).toEqual([{ loan_days: 14, max_renewals: 2, fine_cents_per_day: 25, fine_cap_cents: 1000 }]);
  });

  it('seeds the rules with today’s settings and resolves an item type without a row to the * row', async () => {
    const { rows } = await client.query(
      `SELECT item_type, loanable, loan_days, max_active_loans FROM circulation_rule('child', 'dvd')`,
    );
    expect(rows).toEqual([{ item_type: '*', loanable: true, loan_days: 14, max_active_loans: 5 }]);
    const reference = await client.query(`SELECT item_type, loanable FROM circulation_rule('adult', 'reference')`);
    expect(reference.rows).toEqual([{ item_type: 'reference', loanable: false }]);
  });

  it('gives users created afterwards the next card number', async () => {
    const { rows } = await client.query(
      `INSERT INTO users (email, name, password_hash) VALUES ('c@example.org', 'C', 'x') RETURNING card_number, category`,
    );
    expect(isCardNumber(rows[0].card_number)).toBe(true);
    expect(rows[0].category).toBe('adult');
  });

  it('undoes itself with down()', async () => {
    await client.query('BEGIN');
    await new Circulation1765000000000().down(runnerOf(client));
    await client.query('COMMIT');
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'card_number'`,
    );
    expect(rows[0].n).toBe(0);
  });
});
