import type { PostgresServer } from './postgres-server.js';

/** `{ table: "<rows> <md5 of every row in order>" }` for every table of the public schema. */
export async function tableChecksums(server: PostgresServer, database: string): Promise<Record<string, string>> {
  const tables = await server.query<{ name: string }>(
    `SELECT format('%I', tablename) AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    [],
    database,
  );
  const sums: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await server.query<{ rows: number; sum: string }>(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS sum FROM ${name} t`,
      [],
      database,
    );
    sums[name] = `${row.rows} ${row.sum}`;
  }
  return sums;
}
