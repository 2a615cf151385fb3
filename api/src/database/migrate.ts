import pg from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';
import { connectionConfig } from './connection-config.js';
import { isMainModule } from '../common/is-main-module.js';
import { installNoticeQueues } from '../notices/notice-queue.js';

/** Arbitrary but fixed: every migration runner of this schema takes the same advisory lock. */
const MIGRATION_LOCK_KEY = 7_413_201;

/**
 * Applies pending migrations. Safe to run twice or from several processes at once: a session-level
 * advisory lock serializes the runners, and the second finds nothing left to do.
 */
export async function migrate(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const config = loadConfig(env, { requireJwtSecret: false }).database;
  const lock = new pg.Client({ ...connectionConfig(config), application_name: 'lms-migrate-lock' });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const dataSource = new DataSource(dataSourceOptions({ ...config, poolMax: 2 }, 'lms-migrate'));
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'all' });
      await installNoticeQueues(config);
      return applied.map((migration) => migration.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}

if (isMainModule(import.meta.url)) {
  migrate()
    .then((applied) => {
      console.log(JSON.stringify({ level: 'info', msg: 'migrations applied', applied }));
    })
    .catch((error: unknown) => {
      console.error(JSON.stringify({ level: 'error', msg: 'migration failed', error: String(error) }));
      process.exit(1);
    });
}
