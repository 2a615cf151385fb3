import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBuiltScript, startApiProcess, TEST_JWT_SECRET, waitFor, type ApiProcess } from '../api-process.js';
import type { TestStack } from '../api-process.js';
import { copyDataDirectory } from '../base-backup.js';
import { freePort } from '../free-port.js';
import { addBook } from '../loan-fixtures.js';
import { initCluster, ownedByServer, PostgresServer, SERVER_USER } from '../postgres-server.js';
import { TcpProxy } from '../tcp-proxy.js';
import { reportFigures } from './figures.js';
import { INTACT, loanIntegrity } from './integrity.js';
import { insertUsers, type TokenUser } from './members.js';
import { SteadyLoad, type Sample } from './steady-load.js';

const DATABASE = 'lms';
const STANDBY_NAME = 'standby1';
const BORROWERS = 6;
const READERS = 2;

let root: string;
let primary: PostgresServer;
let standby: PostgresServer;
let proxy: TcpProxy;
let api: ApiProcess;
/** What the fixtures and checks need of a stack: SQL through the proxy, i.e. to whichever node is primary. */
let stack: TestStack;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lms-failover-drill-'));
  await ownedByServer(root);
  await initCluster(join(root, 'primary'));
  primary = await PostgresServer.start(join(root, 'primary'), await freePort(), {
    wal_level: 'replica',
    synchronous_commit: 'on',
  });
  // The slot keeps the WAL the standby needs from before the copy starts until it streams.
  await primary.query(`SELECT pg_create_physical_replication_slot($1, true)`, [STANDBY_NAME]);
  await primary.query(`CREATE DATABASE ${DATABASE}`);

  const standbyDir = join(root, 'standby');
  await copyDataDirectory(primary, standbyDir, 'standby');
  await writeFile(join(standbyDir, 'standby.signal'), '');
  await ownedByServer(join(standbyDir, 'standby.signal'));
  standby = await PostgresServer.start(standbyDir, await freePort(), {
    hot_standby: 'on',
    primary_conninfo: `host=127.0.0.1 port=${primary.port} user=${SERVER_USER} application_name=${STANDBY_NAME}`,
    primary_slot_name: STANDBY_NAME,
    // After a promotion nobody is left to confirm commits; the operator relaxes this, as CloudNativePG does.
    synchronous_standby_names: '',
  });
  // Synchronous only once the standby exists: before that, every commit would wait for it.
  await primary.query(`ALTER SYSTEM SET synchronous_standby_names = '${STANDBY_NAME}'`);
  await primary.query('SELECT pg_reload_conf()');
  await waitFor(
    async () => {
      const rows = await primary.query(
        `SELECT 1 FROM pg_stat_replication WHERE application_name = $1
        AND state = 'streaming' AND sync_state = 'sync'`,
        [STANDBY_NAME],
      );
      return rows.length === 1;
    },
    { timeoutMs: 60_000, what: 'the standby to stream synchronously' },
  );

  proxy = await TcpProxy.start(primary.port);
  const env = {
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'info',
    SHUTDOWN_DELAY_MS: '0',
    AUTH_RATE_LIMIT_PER_MINUTE: '0',
    PGHOST: '127.0.0.1',
    PGPORT: String(proxy.port),
    PGUSER: SERVER_USER,
    PGPASSWORD: 'unused-with-trust-authentication',
    PGDATABASE: DATABASE,
  };
  const migration = await runBuiltScript('database/migrate.js', env);
  if (migration.code !== 0) throw new Error(`Migration failed:\n${migration.stderr}`);
  api = await startApiProcess(env);
  stack = {
    pg: { url: `postgresql://${SERVER_USER}@127.0.0.1:${proxy.port}/${DATABASE}` },
    api,
    env,
  } as unknown as TestStack;
}, 180_000);

afterAll(async () => {
  await api?.stop('SIGKILL');
  await proxy?.close();
  await standby?.stop();
  await primary?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('failover drill: synchronous standby promoted after the primary is killed', () => {
  it('answers only 503 while there is no primary, writes again within seconds, and loses no acknowledged write', async () => {
    const members: TokenUser[] = await insertUsers(stack, BORROWERS);
    const { bookId } = await addBook(stack, BORROWERS * 4);
    const lent: string[] = [];
    const returned: string[] = [];
    const outstanding = new Map<number, string>();
    const unknownOutcome = new Set<string>();
    const load = new SteadyLoad({
      concurrency: BORROWERS + READERS,
      step: async (worker) => {
        if (worker >= BORROWERS) return { kind: 'read', response: await api.request('GET', `/api/v1/books/${bookId}`) };
        const member = members[worker];
        const loanId = outstanding.get(worker);
        if (!loanId) {
          const response = await api.request('POST', '/api/v1/loans', { token: member.token, body: { bookId } });
          if (response.status === 201) {
            lent.push(response.body.id);
            outstanding.set(worker, response.body.id);
          }
          return { kind: 'checkout', response };
        }
        const response = await api.request('POST', `/api/v1/loans/${loanId}/return`, { token: member.token });
        if (response.status === 200) {
          returned.push(loanId);
          outstanding.delete(worker);
        }
        if (response.status === 503) unknownOutcome.add(loanId);
        // A return cut off by the crash may have committed on both nodes before its answer was lost.
        if (response.status === 409 && response.body?.code === 'LOAN_ALREADY_RETURNED' && unknownOutcome.has(loanId)) {
          outstanding.delete(worker);
          return { kind: 'return retried after an unknown outcome', response };
        }
        return { kind: 'return', response };
      },
    });

    await new Promise((resolve) => setTimeout(resolve, 3000));
    const killedAt = Date.now();
    await primary.kill();
    const promoteStarted = Date.now();
    await standby.promote();
    const promotedAt = Date.now();
    proxy.repoint(standby.port);
    const firstWrite = await waitFor(
      async () =>
        load.samples.some(
          (sample) => sample.startedAt >= promotedAt && sample.kind === 'checkout' && sample.status === 201,
        ),
      { timeoutMs: 30_000, intervalMs: 20, what: 'a checkout on the promoted standby' },
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await load.stop();

    const writesBackAt = Math.min(
      ...load.samples
        .filter((sample) => sample.startedAt >= killedAt && sample.kind === 'checkout' && sample.status === 201)
        .map((sample) => sample.startedAt + sample.latencyMs),
    );
    const failed = load.samples.filter((sample: Sample) => sample.status >= 400 || sample.status === 0);
    const wrong = failed.filter(
      (sample) =>
        sample.kind !== 'return retried after an unknown outcome' &&
        (sample.status !== 503 || sample.code !== 'DATABASE_UNAVAILABLE'),
    );
    const [present] = await standby.query<{ lent: number; returned: number }>(
      `SELECT (SELECT count(*)::int FROM loans WHERE id = ANY($1::uuid[])) AS lent,
              (SELECT count(*)::int FROM loans WHERE id = ANY($2::uuid[]) AND returned_at IS NOT NULL) AS returned`,
      [lent, returned],
      DATABASE,
    );
    const figures = {
      requests: load.samples.length,
      failedRequests: failed.length,
      failedOtherThan503: wrong.length,
      promoteMs: promotedAt - promoteStarted,
      secondsUntilWritesSucceed: (writesBackAt - killedAt) / 1000,
      firstWriteAfterRepointMs: firstWrite,
      acknowledgedWrites: lent.length + returned.length,
      acknowledgedWritesLost: lent.length - present.lent + (returned.length - present.returned),
    };
    reportFigures('failover drill', figures);
    // The API's own account of a wrong answer (its error log lines) makes a failure readable.
    const errorLogs = api.logs.filter((line) => line.msg === 'unexpected error').slice(0, 5);
    expect({ wrong: wrong.slice(0, 5), errorLogs: wrong.length > 0 ? errorLogs : [] }).toEqual({
      wrong: [],
      errorLogs: [],
    });
    expect(figures.acknowledgedWrites).toBeGreaterThan(20);
    expect(figures.acknowledgedWritesLost).toBe(0);
    expect(figures.secondsUntilWritesSucceed).toBeLessThan(15);
    expect(api.child.exitCode).toBeNull();
    expect(await loanIntegrity(stack)).toMatchObject(INTACT);
  }, 120_000);
});
