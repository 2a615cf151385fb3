import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { startPostgres, type TestPostgres } from '../test/postgres.js';
import { discardDirtyConnections } from './discard-dirty-connections.js';

let postgres: TestPostgres;
let db: DataSource;

beforeAll(async () => {
  postgres = await startPostgres();
  db = await new DataSource({ type: 'postgres', url: postgres.url, extra: { max: 4 } }).initialize();
  discardDirtyConnections(db);
}, 90_000);

afterAll(async () => {
  await db?.destroy();
  await postgres?.destroy();
});

async function backendOf(work: (run: (sql: string) => Promise<unknown>) => Promise<void>): Promise<number> {
  const runner = db.createQueryRunner();
  await runner.connect();
  const [{ pid }] = await runner.query('SELECT pg_backend_pid() AS pid');
  await work((sql) => runner.query(sql));
  await runner.release();
  return pid;
}

async function isConnected(pid: number): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
  return rows.length === 1;
}

describe('discardDirtyConnections', () => {
  it('closes a connection given back inside an open transaction, so no request inherits it', async () => {
    const pid = await backendOf(async (run) => {
      await run('BEGIN');
      await run('SELECT 1');
    });
    const deadline = Date.now() + 5000;
    while ((await isConnected(pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await isConnected(pid)).toBe(false);
    const [{ inTransaction }] = await db.query(`SELECT now() <> statement_timestamp() AS "inTransaction"`);
    expect(inTransaction).toBe(false);
  });

  it('keeps a connection given back after its transaction ended, for the next request', async () => {
    const pid = await backendOf(async (run) => {
      await run('BEGIN');
      await run('COMMIT');
    });
    expect(await isConnected(pid)).toBe(true);
  });
});
