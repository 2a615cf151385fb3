import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { bookByIdStatement, bookPageStatement, type SqlStatement } from '../api/src/books/books.sql.js';
import { isMainModule } from '../api/src/common/is-main-module.js';

/**
 * The physical limit of this stack: Fastify and a `pg` pool issuing the very statements the API's
 * books service issues (imported from the API, so the two can never drift), answering with the same
 * JSON. No framework, validation library, logging or metrics: whatever the API costs above this is
 * the price of its features.
 */
export interface BaselineServerProps {
  /** node-postgres settings (host, port, user, password, database). */
  readonly connection: pg.PoolConfig;
  /**
   * Size of the connection pool; the API's DB_POOL_MAX.
   * @default 10
   */
  readonly poolMax?: number;
}

export const DEFAULT_POOL_MAX = 10;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface BookRow {
  id: string | null;
  isbn: string;
  title: string;
  author: string;
  publishedYear: number | null;
  copiesTotal: number;
  copiesAvailable: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The API's BookView, field for field and in the same order. */
function bookView(row: BookRow) {
  return {
    id: row.id,
    isbn: row.isbn,
    title: row.title,
    author: row.author,
    publishedYear: row.publishedYear,
    copiesTotal: row.copiesTotal,
    copiesAvailable: row.copiesAvailable,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function problem(status: number, code: string) {
  return { type: 'about:blank', title: code, status, code };
}

/** A positive integer query parameter within [1, max], its default when absent, or null when invalid. */
function integerParameter(value: string | undefined, fallback: number, max: number): number | null {
  if (value === undefined) return fallback;
  if (!/^\d{1,7}$/.test(value)) return null;
  const number = Number(value);
  return number >= 1 && number <= max ? number : null;
}

export async function createBaselineServer(props: BaselineServerProps): Promise<FastifyInstance> {
  const pool = new pg.Pool({ ...props.connection, max: props.poolMax ?? DEFAULT_POOL_MAX });
  const query = async <T>(statement: SqlStatement): Promise<T[]> =>
    (await pool.query({ text: statement.text, values: [...statement.values] })).rows as T[];
  const app = Fastify({ logger: false });
  app.addHook('onClose', async () => pool.end());

  app.get<{ Params: { id: string } }>('/api/v1/books/:id', async (request, reply) => {
    if (!UUID.test(request.params.id)) return reply.code(400).send(problem(400, 'VALIDATION_FAILED'));
    const [row] = await query<BookRow>(bookByIdStatement(request.params.id));
    if (!row) return reply.code(404).send(problem(404, 'BOOK_NOT_FOUND'));
    return bookView(row);
  });

  app.get<{ Querystring: { q?: string; page?: string; limit?: string } }>('/api/v1/books', async (request, reply) => {
    const { q } = request.query;
    const page = integerParameter(request.query.page, 1, 1_000_000);
    const limit = integerParameter(request.query.limit, DEFAULT_LIMIT, MAX_LIMIT);
    if (page === null || limit === null || (q !== undefined && (q.length < 1 || q.length > 200))) {
      return reply.code(400).send(problem(400, 'VALIDATION_FAILED'));
    }
    const rows = await query<BookRow & { total: number }>(bookPageStatement({ q }, limit, (page - 1) * limit));
    const items = rows.filter((row) => row.id !== null).map(bookView);
    return { items, page, limit, total: rows[0]?.total ?? 0 };
  });

  app.get('/health/ready', async () => {
    await pool.query('SELECT 1');
    return { status: 'ok' };
  });
  return app;
}

if (isMainModule(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8001);
  const poolMax = Number(process.env.DB_POOL_MAX ?? DEFAULT_POOL_MAX);
  // The same connection parameters as the API; PG* variables are read by `pg` itself.
  const app = await createBaselineServer({ connection: { statement_timeout: 10_000 }, poolMax });
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
  await app.listen({ port, host: '127.0.0.1' });
  console.log(JSON.stringify({ msg: 'baseline listening', port, poolMax }));
}
