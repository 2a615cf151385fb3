import type pg from 'pg';
import PgBoss from 'pg-boss';
import type { DatabaseConfig } from '../config/app-config.js';
import { queryRows, type SqlTarget } from '../database/sql.js';

/** Jobs `{ noticeId }`: send one recorded notice. */
export const SEND_NOTICE_QUEUE = 'notice-send';
/** The scheduled due-soon and overdue scan. */
export const SCAN_NOTICES_QUEUE = 'notice-scan';
/** pg-boss keeps its tables in this schema, apart from ours. */
export const QUEUE_SCHEMA = 'pgboss';

export interface SendNoticeJob {
  readonly noticeId: string;
}

/** pg-boss's connection options for our database settings. */
export function queueConnection(config: DatabaseConfig, applicationName: string): PgBoss.DatabaseOptions {
  const connection = config.url
    ? { connectionString: config.url }
    : { host: config.host, port: config.port, user: config.user, password: config.password, database: config.database };
  return { ...connection, schema: QUEUE_SCHEMA, max: 2, application_name: applicationName };
}

/** Lets pg-boss run its statements inside our transaction (a TypeORM manager or the pool). */
export function queueDbOf(target: SqlTarget): PgBoss.Db {
  return { executeSql: async (text, values) => ({ rows: await queryRows(target, { text, values: values ?? [] }) }) };
}

/** The same for a node-postgres client holding an open transaction (the worker's scan). */
export function queueDbOfClient(client: pg.ClientBase): PgBoss.Db {
  return { executeSql: (text, values) => client.query(text, values) };
}

/**
 * A pg-boss handle that only inserts jobs, through the `db` each call is given: it is never started, so
 * it opens no connection and runs no maintenance (the worker does).
 */
export function createJobWriter(): PgBoss {
  return new PgBoss({ db: { executeSql: () => Promise.reject(new Error('Pass the transaction as `db`.')) } });
}

/** Queues one send job per notice, in the caller's transaction: the notice and its job commit together. */
export async function enqueueNoticeJobs(jobs: PgBoss, db: PgBoss.Db, noticeIds: readonly string[]): Promise<void> {
  if (noticeIds.length === 0) return;
  const data: SendNoticeJob[] = noticeIds.map((noticeId) => ({ noticeId }));
  await jobs.insert(
    data.map((job) => ({ name: SEND_NOTICE_QUEUE, data: job })),
    { db },
  );
}

/**
 * Installs or upgrades pg-boss's schema (its own versioned migrations, under its advisory lock) and
 * creates both queues. Run by `npm run migrate` so the API can queue jobs before any worker started.
 */
export async function installNoticeQueues(config: DatabaseConfig): Promise<void> {
  const boss = new PgBoss({
    ...queueConnection(config, 'lms-migrate-queue'),
    migrate: true,
    supervise: false,
    schedule: false,
  });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    for (const name of [SEND_NOTICE_QUEUE, SCAN_NOTICES_QUEUE]) {
      if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, policy: 'standard' });
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}
