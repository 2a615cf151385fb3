import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { sql } from '../actors.js';
import { runBuiltScript, startApiProcess, startStack, type ApiProcess, type TestStack } from '../api-process.js';
import type { HttpResponse } from '../http.js';
import { addBook } from '../loan-fixtures.js';
import { reportFigures, statusCounts } from './figures.js';
import { INTACT, loanIntegrity } from './integrity.js';
import { insertUsers, type TokenUser } from './members.js';

/**
 * Beyond the loans module's own concurrency tests (50 members, one book): 100 members at once, a storm
 * of returns and renewals on many loans at once, and two migration runners racing on an empty
 * database. Two API processes share the database, as two replicas do.
 */
let stack: TestStack;
let replicas: ApiProcess[];

beforeAll(async () => {
  stack = await startStack();
  replicas = [stack.api, await startApiProcess(stack.env)];
}, 120_000);

afterAll(async () => {
  await replicas?.[1]?.stop('SIGKILL');
  await stack?.close();
});

const post = (replica: number, path: string, user: TokenUser, body?: unknown): Promise<HttpResponse> =>
  replicas[replica % replicas.length].request('POST', `/api/v1${path}`, { token: user.token, body });

describe('100 simultaneous checkouts of a book with 3 copies', () => {
  it('lends exactly 3, refuses 97 with 409 NO_COPY_AVAILABLE, answers no 5xx and lends no copy twice', async () => {
    const members = await insertUsers(stack, 100);
    const { bookId, copyIds } = await addBook(stack, 3);
    const responses = await Promise.all(members.map((member, i) => post(i, '/loans', member, { bookId })));
    const counts = statusCounts(responses);
    reportFigures('100 checkouts, 3 copies', { requests: responses.length, ...counts });
    expect(counts).toEqual({ '201': 3, '409 NO_COPY_AVAILABLE': 97 });
    const lent = responses.filter(({ status }) => status === 201).map(({ body }) => body.copyId);
    expect([...lent].sort()).toEqual([...copyIds].sort());
    const copies = await sql(stack, 'SELECT status FROM copies WHERE book_id = $1', [bookId]);
    expect(copies.map(({ status }) => status)).toEqual(['on_loan', 'on_loan', 'on_loan']);
    expect(await loanIntegrity(stack)).toMatchObject(INTACT);
  }, 60_000);
});

describe('simultaneous returns and renewals', () => {
  it('serializes 2 returns and 2 renewals of each of 30 loans sent at once: one return wins, renewals only before it', async () => {
    const members = await insertUsers(stack, 30);
    const loans = await Promise.all(
      members.map(async (member, i) => {
        const { bookId } = await addBook(stack);
        const response = await post(i, '/loans', member, { bookId });
        expect(response.status).toBe(201);
        return { member, loan: response.body };
      }),
    );
    const actions = ['return', 'renew', 'renew', 'return'] as const;
    // 120 requests in flight together, each loan's four spread over both replicas.
    const results = await Promise.all(
      loans.map(({ member, loan }, i) =>
        Promise.all(actions.map((action, j) => post(i + j, `/loans/${loan.id}/${action}`, member))),
      ),
    );
    const all = results.flat();
    const counts = statusCounts(all);
    let renewedBeforeReturn = 0;
    for (const [i, responses] of results.entries()) {
      const returns = responses.filter((_, j) => actions[j] === 'return');
      const renewals = responses.filter((_, j) => actions[j] === 'renew');
      // Exactly one return wins; the other is told the loan is already returned.
      expect(statusCounts(returns)).toEqual({ '200': 1, '409 LOAN_ALREADY_RETURNED': 1 });
      const winner = returns.find(({ status }) => status === 200)!;
      const granted = renewals.filter(({ status }) => status === 200);
      for (const refused of renewals.filter(({ status }) => status !== 200)) {
        expect(refused.status).toBe(409);
        expect(refused.body.code).toBe('LOAN_ALREADY_RETURNED');
      }
      // A renewal that succeeded happened before the winning return, which saw it.
      for (const renewal of granted) expect(renewal.body.returnedAt).toBeNull();
      expect(winner.body.renewals).toBe(granted.length);
      const [row] = await sql(stack, 'SELECT renewals, returned_at FROM loans WHERE id = $1', [loans[i].loan.id]);
      expect(row.renewals).toBe(granted.length);
      expect(row.returned_at).not.toBeNull();
      renewedBeforeReturn += granted.length;
    }
    reportFigures('return/renew storm', { loans: loans.length, requests: all.length, ...counts, renewedBeforeReturn });
    expect(Object.keys(counts).filter((key) => Number(key.slice(0, 3)) >= 500)).toEqual([]);
    expect(await loanIntegrity(stack)).toMatchObject({ ...INTACT, activeLoans: 3 });
  }, 60_000);
});

describe('two migration runners started at the same moment', () => {
  /** Tables, columns, indexes, constraints and enum types of the public schema, one sorted line each. */
  async function schemaOf(database: string): Promise<{ schema: string; migrations: number }> {
    const url = new URL(stack.pg.url);
    url.pathname = `/${database}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const [{ schema }] = (
        await client.query(`
          SELECT string_agg(line, E'\\n' ORDER BY line) AS schema FROM (
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
                   || ' ' || coalesce(column_default, '') AS line
              FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid)
              FROM pg_constraint WHERE connamespace = 'public'::regnamespace
            UNION ALL SELECT 'type ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
              FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname
          ) AS lines`)
      ).rows;
      const [{ migrations }] = (await client.query('SELECT count(*)::int AS migrations FROM schema_migrations')).rows;
      return { schema, migrations };
    } finally {
      await client.end();
    }
  }

  it('both exit 0, one applies the migrations, the other finds nothing to do, and the schema is the one of a single run', async () => {
    const reference = await schemaOf('lms');
    expect(reference.migrations).toBeGreaterThan(0);
    const rounds = 3;
    const appliedCounts: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const database = `race_${round}`;
      await sql(stack, `CREATE DATABASE ${database}`);
      const env = { ...stack.env, PGDATABASE: database };
      const runs = await Promise.all([
        runBuiltScript('database/migrate.js', env),
        runBuiltScript('database/migrate.js', env),
      ]);
      for (const run of runs) expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      const applied = runs.map((run) => {
        const line = run.stdout.split('\n').find((text) => text.includes('"migrations applied"'));
        return (JSON.parse(line!) as { applied: string[] }).applied.length;
      });
      expect([...applied].sort()).toEqual([0, reference.migrations]);
      appliedCounts.push(...applied);
      expect(await schemaOf(database)).toEqual(reference);
    }
    reportFigures('concurrent migrations', { rounds, runners: rounds * 2, exitCodesNonZero: 0, appliedCounts });
  }, 90_000);
});
