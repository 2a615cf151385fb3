import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { startStack, type TestStack } from '../api/src/test/api-process.js';
import { sendRequest } from '../api/src/test/http.js';
import { createBaselineServer } from './baseline-server.js';

describe('the raw Fastify + pg baseline', () => {
  let stack: TestStack;
  let baseline: FastifyInstance;
  let baselineUrl: string;
  let bookId: string;

  beforeAll(async () => {
    stack = await startStack();
    const { env } = stack.pg;
    baseline = await createBaselineServer({
      connection: {
        host: env.PGHOST,
        port: Number(env.PGPORT),
        user: env.PGUSER,
        password: env.PGPASSWORD,
        database: env.PGDATABASE,
      },
    });
    baselineUrl = await baseline.listen({ port: 0, host: '127.0.0.1' });
    // Two books: one with three copies (one lost) and a searchable title, one that must not match.
    const client = new pg.Client({ connectionString: stack.pg.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO books (isbn, title, author, published_year) VALUES
           ('9780306406157', 'Quokka Parity', 'Ada Bench', 1999), ('9781861972712', 'Other Title', 'Bo Bench', NULL)
         RETURNING id`,
      );
      bookId = rows[0].id;
      await client.query(
        `INSERT INTO copies (book_id, barcode, status) VALUES
           ($1, 'PARITY-1', 'available'), ($1, 'PARITY-2', 'available'), ($1, 'PARITY-3', 'lost'), ($2, 'PARITY-4', 'available')`,
        [bookId, rows[1].id],
      );
    } finally {
      await client.end();
    }
  }, 120_000);

  afterAll(async () => {
    await baseline?.close();
    await stack?.close();
  });

  async function both(path: string) {
    const api = await stack.api.request('GET', path);
    const raw = await sendRequest(baselineUrl, 'GET', path);
    return { api, raw: { status: raw.status, body: raw.body } };
  }

  it('answers a book by id with exactly the API body', async () => {
    const { api, raw } = await both(`/api/v1/books/${bookId}`);
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({ title: 'Quokka Parity', copiesTotal: 3, copiesAvailable: 2 });
    expect(raw).toEqual({ status: 200, body: api.body });
    expect(JSON.stringify(raw.body)).toBe(api.text);
  });

  it('answers a search page with exactly the API body', async () => {
    const { api, raw } = await both('/api/v1/books?q=quok&limit=20');
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({ total: 1, page: 1, limit: 20, items: [{ id: bookId }] });
    expect(JSON.stringify(raw.body)).toBe(api.text);
  });

  it('answers an empty search and an unknown book with the same statuses as the API', async () => {
    const empty = await both('/api/v1/books?q=nothingmatchesthis');
    expect(empty.raw).toEqual({ status: 200, body: empty.api.body });
    const missing = await both('/api/v1/books/00000000-0000-4000-8000-000000000000');
    expect([missing.api.status, missing.raw.status]).toEqual([404, 404]);
    const malformed = await both('/api/v1/books/not-a-uuid');
    expect([malformed.api.status, malformed.raw.status]).toEqual([400, 400]);
  });
});
